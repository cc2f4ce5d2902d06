import { z } from 'zod';
import { isIsoDate } from './documentItems.ts';
import { ORGANISATION_KINDS } from './organisationKinds.ts';
import { ROLES } from './roles.ts';
import { safeMultiLine, safeSingleLine } from './safeText.ts';

/**
 * Request bodies of the public API (PRODUCT §6), validated at the server's
 * boundary and reused by the client's forms. Objects are strict: unknown keys
 * (`role`, `organisationId`, `__proto__`, …) are rejected, never ignored
 * silently into a write. Free text starts from `safeSingleLine` or `safeMultiLine`
 * (safeText.ts): control and bidi-override characters are refused, never stored.
 */
const email = safeSingleLine()
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
  safeSingleLine()
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be at most ${max} characters`);

/** The sign-up fields' rules, shared by account recovery and management (accounts.ts). */
export const accountFields = { email, password, name: displayName('your name', 120) } as const;

/** An organisation's name, as sign-up and single sign-on take it. */
export const organisationName = displayName('your organisation’s name', 200);

/** Ids in paths: random base32 ids of the server, never anything else. */
export const idParam = z.string().regex(/^[a-z0-9]{1,64}$/, 'Not a valid id');

/**
 * Sign-up names the person's organisation in one of two ways (issue 15): `organisationId`, one
 * picked from the search of existing organisations, or `organisationName` and `organisationKind`
 * (PRODUCT §6, kept for clients outside this repository), which joins the organisation of that
 * name if there is one (names are unique whatever the kind) and creates it otherwise.
 */
const organisationChoiceFields = {
  organisationName: organisationName.optional(),
  organisationKind: z.enum(ORGANISATION_KINDS, 'Select the type of organisation you work for').optional(),
  organisationId: idParam.optional(),
};

/** Exactly one of the two ways of naming an organisation (sign-up, and moving to another one). */
function checkOrganisationChoice(
  body: { organisationName?: string; organisationKind?: string; organisationId?: string },
  ctx: z.RefinementCtx,
): void {
  if (body.organisationId !== undefined) {
    if (body.organisationName !== undefined || body.organisationKind !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['organisationId'],
        message: 'Pick an existing organisation (organisationId) or name a new one (organisationName), not both',
      });
    }
    return;
  }
  if (body.organisationName === undefined) {
    ctx.addIssue({ code: 'custom', path: ['organisationName'], message: 'Enter your organisation’s name' });
  }
  if (body.organisationKind === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['organisationKind'],
      message: 'Select the type of organisation you work for',
    });
  }
}

export const signupBody = z
  .strictObject({ email, password, name: displayName('your name', 120), ...organisationChoiceFields })
  .superRefine(checkOrganisationChoice);
export type SignupBody = z.input<typeof signupBody>;

/**
 * PUT /api/me/organisation: a pending or declined person names the organisation they belong to
 * instead, in either of sign-up's two ways.
 */
export const changeOwnOrganisationBody = z.strictObject(organisationChoiceFields).superRefine(checkOrganisationChoice);
export type ChangeOwnOrganisationBody = z.input<typeof changeOwnOrganisationBody>;

export const loginBody = z.strictObject({
  email,
  password: z.string().min(1, 'Enter your password').max(256),
});
export type LoginBody = z.input<typeof loginBody>;

export const createEntryBody = z.strictObject({
  title: displayName('a title', 200),
  categoryId: safeSingleLine().min(1).max(100),
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

/** Most people one section can be assigned to, and most members one comment can mention. */
export const MAX_SECTION_ASSIGNEES = 50;
export const MAX_COMMENT_MENTIONS = 50;
/** Longest comment or reply, in characters (plain text, never HTML). */
export const COMMENT_MAX_CHARS = 5000;

/**
 * PUT /api/entries/:id/sections/:sectionId/assignment. An empty list clears
 * the assignment (then there can be no due date). The due date is a UTC
 * calendar date.
 */
export const sectionAssignmentBody = z
  .strictObject({
    assigneeUserIds: z.array(idParam).max(MAX_SECTION_ASSIGNEES, `Assign at most ${MAX_SECTION_ASSIGNEES} people`),
    dueDate: z.string().refine(isIsoDate, 'Give the due date as a real date, YYYY-MM-DD').nullable(),
  })
  .refine((body) => body.assigneeUserIds.length > 0 || body.dueDate === null, {
    message: 'Assign someone before setting a due date',
    path: ['dueDate'],
  });
export type SectionAssignmentBody = z.input<typeof sectionAssignmentBody>;

const commentText = safeMultiLine()
  .trim()
  .min(1, 'Write a comment')
  .max(COMMENT_MAX_CHARS, `A comment must be at most ${COMMENT_MAX_CHARS} characters`);
const mentions = z
  .array(idParam)
  .max(MAX_COMMENT_MENTIONS, `Mention at most ${MAX_COMMENT_MENTIONS} people`)
  .optional();

/** POST …/sections/:sectionId/comments (a new thread) and POST …/comments/:commentId/replies. */
export const commentBody = z.strictObject({ body: commentText, mentions });
export type CommentBody = z.input<typeof commentBody>;
