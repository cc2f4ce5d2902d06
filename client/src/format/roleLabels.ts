import type { Role } from '@jointly/shared';

/** How roles read on screen (PRODUCT §1, §4). */
export const ROLE_LABELS: Record<Role, string> = {
  lead: 'Lead',
  contributor: 'Contributor',
  viewer: 'Viewer',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  lead: 'Writes, invites people, approves sections and submits',
  contributor: 'Writes and comments',
  viewer: 'Reads and follows progress, cannot change anything',
};
