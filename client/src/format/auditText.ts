import type { AuditAction, AuditDetail, AuditEntryDto } from '@jointly/shared';

/** What each audit action says on the admins' page (issue 15): one line, what happened. */
export const AUDIT_ACTION_TEXT: Readonly<Record<AuditAction, string>> = {
  'account.signed_up': 'Created an account',
  'account.signed_in': 'Signed in',
  'account.sign_in_failed': 'Failed to sign in',
  'account.signed_out': 'Signed out',
  'account.name_changed': 'Changed their name',
  'account.password_changed': 'Changed their password',
  'account.password_reset_requested': 'Password reset asked for',
  'account.password_reset_completed': 'Reset their password',
  'account.email_change_requested': 'Asked to change their email address',
  'account.email_change_confirmed': 'Changed their email address',
  'account.email_verified': 'Confirmed their email address',
  'account.two_factor_enabled': 'Turned on two-factor authentication',
  'account.two_factor_disabled': 'Turned off two-factor authentication',
  'account.recovery_code_used': 'Used a recovery code',
  'account.recovery_codes_regenerated': 'Made new recovery codes',
  'account.session_signed_out': 'Signed out one of their devices',
  'account.other_sessions_signed_out': 'Signed out all their other devices',
  'account.deleted': 'Deleted their account',
  'account.sso_linked': 'Linked their account to single sign-on',
  'account.data_exported': 'Downloaded their data',
  'organisation.created': 'Created the organisation',
  'organisation.member_joined': 'Joined the organisation',
  'organisation.member_confirmed': 'Confirmed a member',
  'organisation.member_declined': 'Declined a pending member',
  'organisation.member_left': 'Left for another organisation',
  'organisation.member_role_changed': 'Changed a member’s role',
  'organisation.domain_added': 'Added an email domain',
  'organisation.domain_removed': 'Removed an email domain',
  'organisation.details_changed': 'Changed the organisation’s details',
  'organisation.mfa_requirement_changed': 'Changed whether two-factor authentication is required',
  'entry.personal_data_erased': 'Erased a person’s data from an entry',
};

/** Words for values that are codes on the wire. */
const VALUE_TEXT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  method: { password: 'with a password', two_factor: 'with a password and a code', sso: 'by single sign-on' },
  stage: { password: 'wrong password', second_factor: 'wrong two-factor code' },
  via: { signup: 'by signing up', sso: 'by single sign-on', move: 'by moving from another organisation' },
};

const KEY_TEXT: Readonly<Record<string, string>> = {
  method: 'How',
  stage: 'What was wrong',
  required: 'Required',
  from: 'From',
  to: 'To',
  via: 'How',
  issuer: 'Provider',
};

function valueText(key: string, value: AuditDetail[string]): string {
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return VALUE_TEXT[key]?.[value] ?? value;
  return String(value);
}

/** "Word word" from "word_word" or "wordWord", for keys without their own words. */
const keyText = (key: string) =>
  KEY_TEXT[key] ??
  key
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());

/** A record's detail and address as short "Label: value" parts, in the order recorded. */
export function auditDetailParts(entry: Pick<AuditEntryDto, 'detail' | 'ip'>): string[] {
  const parts = Object.entries(entry.detail).map(([key, value]) => `${keyText(key)}: ${valueText(key, value)}`);
  if (entry.ip) parts.push(`IP address: ${entry.ip}`);
  return parts;
}

/** The action's words; an action this page does not know yet (a newer server) as its code. */
export function auditActionText(action: string): string {
  return (AUDIT_ACTION_TEXT as Readonly<Record<string, string>>)[action] ?? action;
}
