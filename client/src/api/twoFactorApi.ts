import type {
  DisableTwoFactorBody,
  MeDto,
  RecoveryCodesDto,
  SecondFactorBody,
  TwoFactorSetupDto,
  TwoFactorStatusDto,
} from '@jointly/shared';
import { request } from './apiClient.ts';

// Two-factor sign-in (issue 15): the second step of a sign-in, and the person's own settings.

/** Completes a sign-in the password step answered with `second_factor_required` (the pending cookie goes along). */
export function completeSignIn(body: SecondFactorBody): Promise<MeDto> {
  return request<MeDto>('POST', '/api/auth/login/second-factor', { body, expect401: true });
}

export function getTwoFactorStatus(signal?: AbortSignal): Promise<TwoFactorStatusDto> {
  return request<TwoFactorStatusDto>('GET', '/api/me/two-factor', signal ? { signal } : {});
}

export function startTwoFactorSetup(): Promise<TwoFactorSetupDto> {
  return request<TwoFactorSetupDto>('POST', '/api/me/two-factor/setup');
}

export function confirmTwoFactor(code: string): Promise<RecoveryCodesDto> {
  return request<RecoveryCodesDto>('POST', '/api/me/two-factor/confirm', { body: { code } });
}

export function newRecoveryCodes(code: string): Promise<RecoveryCodesDto> {
  return request<RecoveryCodesDto>('POST', '/api/me/two-factor/recovery-codes', { body: { code } });
}

export function disableTwoFactor(body: DisableTwoFactorBody): Promise<void> {
  return request<void>('POST', '/api/me/two-factor/disable', { body });
}
