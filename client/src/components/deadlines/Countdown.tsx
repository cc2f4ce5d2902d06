import type { EntrySummaryDto } from '@jointly/shared';
import { countdownText } from '../../format/countdownText.ts';
import { formatDateTime } from '../../format/formatDate.ts';

const TAG: Record<ReturnType<typeof countdownText>['urgency'], string> = {
  passed: 'nhsuk-tag--grey',
  today: 'nhsuk-tag--red',
  soon: 'nhsuk-tag--orange',
  later: 'nhsuk-tag--blue',
};

/**
 * What an entry counts down to (issue 17 item 2), in words ("12 days left"), with which deadline
 * and when in text beside it: the tag's colour only repeats what the words say.
 */
export function Countdown({ countdown, now = Date.now() }: { countdown: EntrySummaryDto['countdown']; now?: number }) {
  if (!countdown) return null;
  const { text, urgency } = countdownText(countdown.to, now);
  const which = countdown.which === 'entry' ? 'the entry’s own deadline' : 'the award’s deadline';
  return (
    <span className="jointly-countdown">
      <strong className={`nhsuk-tag ${TAG[urgency]}`}>{text}</strong>{' '}
      <span className="jointly-muted">
        to {which}, {formatDateTime(countdown.to)}
      </span>
    </span>
  );
}
