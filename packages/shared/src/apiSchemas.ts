import { z } from 'zod';
import { ORGANISATION_KINDS } from './organisationKinds.ts';
import { ROLES } from './roles.ts';

/**
 * Request bodies of the public API (PRODUCT §6), validated at the server's
 * boundary and reused by the client's forms. Objects are strict: unknown keys
 * (`role`, `organisationId`, `__proto__`, …) are rejected, never ignored
 * silently into a write.
 */
const email = z
  .string()
  .trim()
  .max(254)
  .email('Enter an email address like name@example.nhs.uk')
  .transform((value) => value.toLowerCase());

/** NCSC guidance: length over complexity; 12 characters, at most 256. */
export const PASSWORD_MIN_LENGTH = 12;
const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(256, 'Use at most 256 characters');

const displayName = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be at most ${max} characters`);

export const signupBody = z.strictObject({
  email,
  password,
  name: displayName('your name', 120),
  organisationName: displayName('your organisation’s name', 200),
  organisationKind: z.enum(ORGANISATION_KINDS),
});
export type SignupBody = z.input<typeof signupBody>;

export const loginBody = z.strictObject({
  email,
  password: z.string().min(1, 'Enter your password').max(256),
});
export type LoginBody = z.input<typeof loginBody>;

export const createEntryBody = z.strictObject({
  title: displayName('a title', 200),
  categoryId: z.string().min(1).max(100),
});
export type CreateEntryBody = z.input<typeof createEntryBody>;

export const createInvitationBody = z.strictObject({
  email,
  role: z.enum(ROLES),
});
export type CreateInvitationBody = z.input<typeof createInvitationBody>;

export const changeRoleBody = z.strictObject({
  role: z.enum(ROLES),
});
export type ChangeRoleBody = z.input<typeof changeRoleBody>;

/** Ids in paths: random base32 ids of the server, never anything else. */
export const idParam = z.string().regex(/^[a-z0-9]{1,64}$/, 'Not a valid id');
