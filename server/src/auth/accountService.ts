import type { MeDto, OrganisationKind, SignupBody } from '@jointly/shared';
import { ErrorCode } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { HttpError } from '../http/HttpError.ts';
import { generateId } from '../ids.ts';
import {
  type JoinedOrganisation,
  type OrganisationChoice,
  recordJoin,
  resolveOrganisation,
  standingOnJoin,
} from '../organisations/organisationJoin.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';

export { organisationNameKey } from '../organisations/organisationJoin.ts';

export type AccountService = ReturnType<typeof createAccountService>;

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

/** A new account, made by sign-up or single sign-on (sso/ssoAccounts.ts). */
export type NewAccount = {
  email: string;
  name: string;
  /** An argon2 hash, or '!' (no password: single sign-on). */
  passwordHash: string;
  /** When the address was proven (single sign-on's provider vouched for it); null for sign-up. */
  emailVerifiedAt: number | null;
  organisation: OrganisationChoice;
  /** Single sign-on took the organisation from the provider's claims: the provider vouches for the membership. */
  organisationVouched: boolean;
  via: 'signup' | 'sso';
};

const emailTaken = () =>
  new HttpError(409, ErrorCode.emailTaken, 'An account with this email already exists. Sign in instead.');

/**
 * Accounts and sign-up. `onJoined` hears of every account placed in an organisation once its
 * transaction has committed (organisations/ tells the admins of a pending member).
 */
export function createAccountService(
  db: Kysely<Database>,
  now: () => number = Date.now,
  hooks: { onJoined?: (joined: JoinedOrganisation) => void } = {},
) {
  /**
   * Creates the account in its organisation in one transaction: the organisation (when new), the
   * account with its standing (organisations/organisationJoin.ts) and their audit records. 409
   * `email_taken` when the address has an account (the whole transaction undone, no organisation left).
   */
  async function createAccount(input: NewAccount): Promise<JoinedOrganisation> {
    const at = now();
    const id = generateId();
    let joined: JoinedOrganisation;
    try {
      joined = await db.transaction().execute(async (trx) => {
        const organisation = await resolveOrganisation(trx, input.organisation, at);
        const standing = await standingOnJoin(trx, {
          organisationId: organisation.id,
          created: organisation.created,
          email: input.email,
          emailVerified: input.emailVerifiedAt !== null,
          vouched: input.organisationVouched,
        });
        await trx
          .insertInto('users')
          .values({
            id,
            email: input.email,
            name: input.name,
            password_hash: input.passwordHash,
            organisation_id: organisation.id,
            created_at: at,
            email_verified_at: input.emailVerifiedAt,
            organisation_status: standing.status,
            organisation_role: standing.role,
          })
          .execute();
        const placed = { userId: id, organisationId: organisation.id, created: organisation.created, ...standing };
        await recordJoin(trx, placed, { via: input.via, at });
        return placed;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    }
    hooks.onJoined?.(joined);
    return joined;
  }

  async function signup(input: SignupBody & { email: string }): Promise<MeDto> {
    const taken = await db.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
    if (taken) throw emailTaken();
    const passwordHash = await hashPassword(input.password);
    const organisation: OrganisationChoice = input.organisationId
      ? { organisationId: input.organisationId }
      : { name: input.organisationName ?? '', kind: input.organisationKind as OrganisationKind };
    const joined = await createAccount({
      email: input.email,
      name: input.name,
      passwordHash,
      emailVerifiedAt: null,
      organisation,
      organisationVouched: false,
      via: 'signup',
    });
    return (await getMe(joined.userId))!;
  }

  /** The user id for a correct email and password, else null; costs the same either way. */
  async function verifyCredentials(email: string, password: string): Promise<string | null> {
    const user = await db
      .selectFrom('users')
      .select(['id', 'password_hash'])
      .where('email', '=', email)
      .executeTakeFirst();
    if (!user) return verifyAgainstDummy(password).then(() => null);
    return (await verifyPassword(user.password_hash, password)) ? user.id : null;
  }

  async function getMe(userId: string): Promise<MeDto | null> {
    const row = await db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select([
        'users.id as id',
        'users.email as email',
        'users.name as name',
        'users.email_verified_at as emailVerifiedAt',
        'users.organisation_status as organisationStatus',
        'users.organisation_role as organisationRole',
        'organisations.id as organisationId',
        'organisations.name as organisationName',
        'organisations.kind as organisationKind',
      ])
      .where('users.id', '=', userId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      user: {
        id: row.id,
        email: row.email,
        name: row.name,
        emailVerified: row.emailVerifiedAt !== null,
        organisationStatus: row.organisationStatus,
        organisationRole: row.organisationRole,
      },
      organisation: {
        id: row.organisationId,
        name: row.organisationName,
        kind: row.organisationKind as OrganisationKind,
      },
    };
  }

  return { signup, createAccount, verifyCredentials, getMe };
}
