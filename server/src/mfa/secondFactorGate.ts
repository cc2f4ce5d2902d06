import type { Config } from '../config.ts';
import { serializePendingLoginCookie } from './pendingLoginCookie.ts';
import type { TwoFactorService } from './twoFactorService.ts';

/**
 * What `POST /api/auth/login` asks after a right password (auth/authRoutes.ts takes it as a
 * function, so auth/ does not import mfa/): the pending-login cookie to set when the account has
 * TOTP on, or null to sign in at once.
 */
export function secondFactorGate(config: Pick<Config, 'secureCookies'>, twoFactor: TwoFactorService) {
  return async (userId: string): Promise<string | null> => {
    const token = await twoFactor.beginSignIn(userId);
    return token === null ? null : serializePendingLoginCookie(config, token);
  };
}
