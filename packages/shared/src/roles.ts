/** Roles on an entry and what each may do (PRODUCT §4). */
export const ROLES = ['lead', 'contributor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const Permission = {
  read: 'read',
  edit: 'edit',
  manageMembers: 'manageMembers',
  signOff: 'signOff',
  /** Assign sections to members with a due date (leads direct the work). */
  assignSections: 'assignSections',
} as const;
export type PermissionName = keyof typeof Permission;

const GRANTS: Record<Role, ReadonlySet<PermissionName>> = {
  lead: new Set(['read', 'edit', 'manageMembers', 'signOff', 'assignSections']),
  contributor: new Set(['read', 'edit']),
  viewer: new Set(['read']),
};

export function can(role: Role, permission: PermissionName): boolean {
  return GRANTS[role].has(permission);
}
