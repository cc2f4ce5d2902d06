import { CONSENT_RECORD_USE_LABELS, type ConsentRecordDto } from '@jointly/shared';
import { formatCalendarDate } from '../../format/formatDate.ts';

/** A consent record's status in words: "Valid until 1 March 2031", "Expired on …", "Withdrawn on … by …". */
export function consentStatusText(record: ConsentRecordDto): string {
  switch (record.status) {
    case 'valid':
      return `Valid until ${formatCalendarDate(record.expiresOn)}`;
    case 'expired':
      return `Expired on ${formatCalendarDate(record.expiresOn)}`;
    case 'withdrawn': {
      const withdrawal = record.withdrawal;
      if (!withdrawal) return 'Withdrawn';
      return `Withdrawn on ${formatCalendarDate(withdrawal.at.slice(0, 10))} by ${withdrawal.by.name} (${withdrawal.by.organisation.name}): ${withdrawal.reason}`;
    }
  }
}

/** "Judging the award, Publication and Social media". */
export function consentUsesText(record: Pick<ConsentRecordDto, 'uses'>): string {
  const names = record.uses.map((use) => CONSENT_RECORD_USE_LABELS[use]);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
