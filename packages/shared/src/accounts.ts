import { z } from 'zod';
import { accountFields } from './apiSchemas.ts';

/**
 * Account recovery and management (issue 15): password reset by e-mail,
 * address verification, and what a signed-in person changes about their own
 * account. Tokens are the opaque part of an e-mailed link.
 */

/** How long an e-mailed password reset link works. */
export const PASSWORD_RESET_TTL_MS = 30 * 60 * 1000;
/** How long a verification or email change link works. */
export const EMAIL_LINK_TTL_MS = 24 * 60 * 60 * 1000;

const token = z
  .string()
  .min(20)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/);
export const accountLinkToken = token;

/** POST /api/auth/password-reset. */
export const passwordResetRequestBody = z.strictObject({ email: accountFields.email });
export type PasswordResetRequestBody = z.input<typeof passwordResetRequestBody>;

/** POST /api/auth/password-reset/:token. */
export const passwordResetBody = z.strictObject({ password: accountFields.password });
export type PasswordResetBody = z.input<typeof passwordResetBody>;

const currentPassword = z.string().min(1, 'Enter your current password').max(256);

/** POST /api/account/password. */
export const changePasswordBody = z.strictObject({ currentPassword, newPassword: accountFields.password });
export type ChangePasswordBody = z.input<typeof changePasswordBody>;

/** PATCH /api/account/name. */
export const changeNameBody = z.strictObject({ name: accountFields.name });
export type ChangeNameBody = z.input<typeof changeNameBody>;

/** POST /api/account/email: a link is sent to the new address; the old one works until it is opened. */
export const changeEmailBody = z.strictObject({ email: accountFields.email, currentPassword });
export type ChangeEmailBody = z.input<typeof changeEmailBody>;

/** POST /api/account/delete. */
export const deleteAccountBody = z.strictObject({ currentPassword });
export type DeleteAccountBody = z.input<typeof deleteAccountBody>;

/** One signed-in device (GET /api/account/sessions). */
export type AccountSessionDto = {
  id: string;
  createdAt: string;
  lastActiveAt: string;
  /** The browser's User-Agent when the session began, if it was stored. */
  userAgent: string | null;
  current: boolean;
};

/** GET /api/account/verification: `required` is false when the server cannot send mail (no SMTP_URL). */
export type EmailVerificationDto = { emailVerified: boolean; required: boolean };

/** The same answer whether or not an account has the address (no account enumeration). */
export type PasswordResetRequestedDto = { status: 'sent_if_registered' };
