import type { SectionVersionDto } from '@jointly/shared';
import { formatDateTime } from '../../format/formatDate.ts';

/** What each kind of version is called in the history. */
export const VERSION_KIND_LABELS: Record<SectionVersionDto['kind'], string> = {
  auto: 'Saved automatically',
  named: 'Named version',
  approval: 'Approved',
  submission: 'Submitted',
  restore: 'Restored',
};

/** A short name for a version in choices and announcements: “Sent to trust comms”, 3 Mar 2026 at 10:32. */
export function versionLabel(version: SectionVersionDto): string {
  const what = version.name ? `“${version.name}”` : VERSION_KIND_LABELS[version.kind];
  return `${what}, ${formatDateTime(version.at)}, by ${version.by.name}`;
}
