import { z } from 'zod';
import type { ActorDto } from './apiTypes.ts';
import { CONSENT_RECORD_ID_PATTERN, isIsoDate } from './documentItems.ts';
import { FILE_ID_PATTERN, FILES_PER_ITEM_MAX } from './evidenceFiles.ts';
import { safeMultiLine, safeSingleLine } from './safeText.ts';

/**
 * Consent records (issue 18 item 1): a person's consent to the use of their
 * testimonial, kept by the server as evidence, with a lifetime and a
 * withdrawal. A testimonial in the document points to one by
 * `consentRecordId`; one record may serve testimonials in several entries, so
 * a withdrawal reaches all of them at once.
 */

/** What a consent may cover. Judging is what submission needs. */
export const CONSENT_RECORD_USES = ['judging', 'publication', 'hsj_showcase', 'social_media'] as const;
export type ConsentRecordUse = (typeof CONSENT_RECORD_USES)[number];

export const CONSENT_RECORD_USE_LABELS: Record<ConsentRecordUse, string> = {
  judging: 'Judging the award',
  publication: 'Publication',
  hsj_showcase: 'The HSJ showcase',
  social_media: 'Social media',
};

/** How the consent was recorded. */
export const CONSENT_METHODS = ['signed_form', 'recorded_verbal', 'email', 'other'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const CONSENT_METHOD_LABELS: Record<ConsentMethod, string> = {
  signed_form: 'Signed form',
  recorded_verbal: 'Recorded verbal consent',
  email: 'E-mail',
  other: 'Other',
};

/** Who gave it: the person themself, or a named representative (a parent, carer, attorney …). */
export const CONSENT_GIVERS = ['person', 'representative'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

export function isConsentRecordId(value: unknown): value is string {
  return typeof value === 'string' && CONSENT_RECORD_ID_PATTERN.test(value);
}

/** valid: may be used for what it covers; expired: past its expiry date; withdrawn: withdrawn by someone. */
export type ConsentRecordStatus = 'valid' | 'expired' | 'withdrawn';

const isoDate = (what: string) => z.string().refine(isIsoDate, `Enter ${what} as a real date (YYYY-MM-DD)`);
const name = (what: string, max: number) =>
  safeSingleLine()
    .transform((value) => value.trim())
    .pipe(z.string().min(1, `Enter ${what}`).max(max, `${what} must be ${max} characters or fewer`));

/** POST /api/entries/:id/consents */
export const createConsentRecordBody = z
  .strictObject({
    personName: name('the name of the person the testimonial is from', 300),
    givenBy: z.enum(CONSENT_GIVERS, 'Say who gave consent'),
    representativeName: name('the representative’s name', 300).optional(),
    representativeRelationship: name('the representative’s relationship to the person', 200).optional(),
    uses: z
      .array(z.enum(CONSENT_RECORD_USES))
      .min(1, 'Select what the consent covers')
      .max(CONSENT_RECORD_USES.length)
      .refine((uses) => new Set(uses).size === uses.length, 'Each use once'),
    method: z.enum(CONSENT_METHODS, 'Say how consent was recorded'),
    methodDetail: safeMultiLine().max(1000).optional(),
    evidenceFileIds: z
      .array(z.string().regex(FILE_ID_PATTERN, 'Not a file id'))
      .max(FILES_PER_ITEM_MAX)
      .refine((ids) => new Set(ids).size === ids.length, 'Each file once')
      .default([]),
    givenOn: isoDate('the date consent was given'),
    /** Unset: the deployment's default lifetime after `givenOn` (CONSENT_VALIDITY_MONTHS). */
    expiresOn: isoDate('the expiry date').optional(),
  })
  .superRefine((body, ctx) => {
    if (body.givenBy === 'representative') {
      if (body.representativeName === undefined)
        ctx.addIssue({ code: 'custom', path: ['representativeName'], message: 'Enter the representative’s name' });
      if (body.representativeRelationship === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['representativeRelationship'],
          message: 'Enter the representative’s relationship to the person',
        });
    } else if (body.representativeName !== undefined || body.representativeRelationship !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['representativeName'],
        message: 'A representative is named only when they gave consent',
      });
    }
    if (body.expiresOn !== undefined && body.expiresOn <= body.givenOn)
      ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'The expiry date must be after the date given' });
  });
export type CreateConsentRecordBody = z.input<typeof createConsentRecordBody>;

/** POST /api/entries/:id/consents/:consentId/withdraw */
export const withdrawConsentBody = z.strictObject({
  reason: safeMultiLine()
    .transform((value) => value.trim())
    .pipe(z.string().min(1, 'Say why consent is withdrawn').max(1000, 'At most 1,000 characters')),
});
export type WithdrawConsentBody = z.input<typeof withdrawConsentBody>;

export type ConsentRecordDto = {
  id: string;
  /** The organisation that recorded it and owns it. */
  organisation: { id: string; name: string };
  /** The entry it was recorded in: its evidence files are that entry's files. */
  recordedInEntryId: string;
  personName: string;
  givenBy: ConsentGiver;
  representativeName: string | null;
  representativeRelationship: string | null;
  uses: ConsentRecordUse[];
  method: ConsentMethod;
  methodDetail: string | null;
  evidenceFileIds: string[];
  /** YYYY-MM-DD */
  givenOn: string;
  /** YYYY-MM-DD: the first day it no longer holds. */
  expiresOn: string;
  status: ConsentRecordStatus;
  recordedBy: ActorDto;
  recordedAt: string;
  withdrawal: { at: string; by: ActorDto; reason: string } | null;
  /** Whether the caller may withdraw it (through the entry it was read in). */
  canWithdraw: boolean;
};

export type ConsentRecordListDto = { consents: ConsentRecordDto[] };

/** A record's status on `today` (YYYY-MM-DD, UTC). */
export function consentRecordStatus(
  record: { expiresOn: string; withdrawnAt: unknown | null },
  today: string,
): ConsentRecordStatus {
  if (record.withdrawnAt !== null) return 'withdrawn';
  return today >= record.expiresOn ? 'expired' : 'valid';
}

/** `date` (YYYY-MM-DD) plus whole months, clamped to the month's last day (29 Feb + 12 months: 28 Feb). */
export function addMonthsToIsoDate(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, lastDay));
  return first.toISOString().slice(0, 10);
}
