import type { SectionStatus } from '@jointly/shared';

const STATUS: Record<SectionStatus, { label: string; colour: string }> = {
  not_started: { label: 'Not started', colour: 'nhsuk-tag--grey' },
  in_progress: { label: 'In progress', colour: 'nhsuk-tag--blue' },
  approved: { label: 'Approved', colour: 'nhsuk-tag--green' },
  changed_since_approval: { label: 'Changed since approval', colour: 'nhsuk-tag--orange' },
};

/** A section's review status in words. */
export const SECTION_STATUS_LABELS: Record<SectionStatus, string> = {
  not_started: STATUS.not_started.label,
  in_progress: STATUS.in_progress.label,
  approved: STATUS.approved.label,
  changed_since_approval: STATUS.changed_since_approval.label,
};

/** A section's review status as an NHS.UK tag. */
export function SectionStatusTag({ status }: { status: SectionStatus }) {
  const { label, colour } = STATUS[status];
  return <strong className={`nhsuk-tag ${colour}`}>{label}</strong>;
}

/**
 * The status to show: the server's, except that a section the server still
 * calls "not started" is "in progress" as soon as it has words in it here.
 */
export function displayedStatus(status: SectionStatus, words: number): SectionStatus {
  return status === 'not_started' && words > 0 ? 'in_progress' : status;
}
