import { z } from 'zod';

/**
 * Two-factor sign-in (issue 15): TOTP (RFC 6238) from an authenticator app, with single-use
 * recovery codes. Request bodies are strict, as every body of the API; codes are trimmed of the
 * spaces people type or paste ("123 456", "abcde-fghij ").
 */

/** How many recovery codes a person gets at once (each works once). */
export const RECOVERY_CODE_COUNT = 10;

const totpCode = z
  .string()
  .max(20)
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app'));

const recoveryCode = z
  .string()
  .max(40)
  .transform((value) => value.replace(/\s+/g, '').toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9]{5}-?[a-z0-9]{5}$/, 'Enter a recovery code like abcde-12345'));

/** Completing a sign-in, turning TOTP off: a current code, or one recovery code instead. */
export const secondFactorBody = z.union([z.strictObject({ code: totpCode }), z.strictObject({ recoveryCode })]);
export type SecondFactorBody = z.input<typeof secondFactorBody>;

/** Confirming enrolment and making new recovery codes: a current code from the app. */
export const totpCodeBody = z.strictObject({ code: totpCode });
export type TotpCodeBody = z.input<typeof totpCodeBody>;

/** Turning two-factor sign-in off: the password and a code (or a recovery code). */
export const disableTwoFactorBody = z.union([
  z.strictObject({ password: z.string().min(1, 'Enter your password').max(256), code: totpCode }),
  z.strictObject({ password: z.string().min(1, 'Enter your password').max(256), recoveryCode }),
]);
export type DisableTwoFactorBody = z.input<typeof disableTwoFactorBody>;

/** GET /api/me/two-factor. */
export type TwoFactorStatusDto = { enabled: boolean; recoveryCodesLeft: number };

/** POST /api/me/two-factor/setup: shown once; the secret is never returned again. */
export type TwoFactorSetupDto = {
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** `otpauth://totp/…`, what the QR code holds. */
  uri: string;
  /** The QR code as an SVG document. */
  qrSvg: string;
};

/** Confirming enrolment or making new codes: the codes, shown once (only their hashes are kept). */
export type RecoveryCodesDto = { recoveryCodes: string[] };

/** PUT /api/organisations/:id/mfa-requirement (an organisation's admins). */
export const mfaRequirementBody = z.strictObject({ required: z.boolean() });
export type MfaRequirementBody = z.input<typeof mfaRequirementBody>;

/**
 * GET and PUT /api/organisations/:id/mfa-requirement: whether the organisation's members must use
 * two-factor sign-in, and how many of its live accounts have not set it up yet (people who sign in
 * by single sign-on are counted too: their provider's MFA stands in for it).
 */
export type MfaRequirementDto = { required: boolean; membersWithoutTwoFactor: number };
