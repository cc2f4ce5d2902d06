/**
 * What the audit log records (issue 15). The list is wire vocabulary, defined once in
 * packages/shared (`AUDIT_ACTIONS`) so the admins' page names each; recorders import the type here.
 */
export type { AuditAction, AuditDetail } from '@jointly/shared';
export { AUDIT_ACTIONS, isAuditAction } from '@jointly/shared';
