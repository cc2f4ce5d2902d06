import type {
  AccountSessionDto,
  ChangeEmailBody,
  ChangeNameBody,
  ChangePasswordBody,
  DeleteAccountBody,
  EmailVerificationDto,
  MeDto,
  PasswordResetRequestedDto,
} from '@jointly/shared';
import { request } from './apiClient.ts';

// Account recovery and management (issue 15): e-mailed links need no session; the rest is the signed-in account.

const segment = encodeURIComponent;

/** Asks for a reset link; the answer is the same whether or not an account has the address. */
export function requestPasswordReset(email: string): Promise<PasswordResetRequestedDto> {
  return request<PasswordResetRequestedDto>('POST', '/api/auth/password-reset', { body: { email }, expect401: true });
}

export function resetPassword(token: string, password: string): Promise<void> {
  return request<void>('POST', `/api/auth/password-reset/${segment(token)}`, { body: { password }, expect401: true });
}

/** Opens a verification or email change link (the page's button, never on load: mail scanners open links). */
export function confirmAccountLink(kind: 'verify-email' | 'email-change', token: string): Promise<void> {
  return request<void>('POST', `/api/auth/${kind}/${segment(token)}`, { expect401: true });
}

/** Whether this account's address is confirmed, and whether the server asks for it (it can send mail). */
export function getEmailVerification(): Promise<EmailVerificationDto> {
  return request<EmailVerificationDto>('GET', '/api/account/verification');
}

export function sendVerificationAgain(): Promise<void> {
  return request<void>('POST', '/api/account/verification');
}

export function changeName(body: ChangeNameBody): Promise<MeDto> {
  return request<MeDto>('PATCH', '/api/account/name', { body });
}

export function changePassword(body: ChangePasswordBody): Promise<void> {
  return request<void>('POST', '/api/account/password', { body });
}

export function changeEmail(body: ChangeEmailBody): Promise<void> {
  return request<void>('POST', '/api/account/email', { body });
}

export async function listSessions(): Promise<AccountSessionDto[]> {
  return (await request<{ sessions: AccountSessionDto[] }>('GET', '/api/account/sessions')).sessions;
}

export function endSession(sessionId: string): Promise<void> {
  return request<void>('DELETE', `/api/account/sessions/${segment(sessionId)}`);
}

export function endOtherSessions(): Promise<void> {
  return request<void>('POST', '/api/account/sessions/sign-out-others');
}

export function deleteAccount(body: DeleteAccountBody): Promise<void> {
  return request<void>('POST', '/api/account/delete', { body });
}
