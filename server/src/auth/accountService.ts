import { ErrorCode, type MeDto, type OrganisationKind } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { HttpError } from '../http/HttpError.ts';
import { generateId } from '../ids.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';

export type AccountService = ReturnType<typeof createAccountService>;

/** People of one organisation share its row: names are matched case- and space-insensitively. */
export function organisationNameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

export function createAccountService(db: Kysely<Database>, now: () => number = Date.now) {
  async function findOrCreateOrganisation(name: string, kind: OrganisationKind): Promise<string> {
    const nameKey = organisationNameKey(name);
    const existing = await db
      .selectFrom('organisations')
      .select('id')
      .where('name_key', '=', nameKey)
      .where('kind', '=', kind)
      .executeTakeFirst();
    if (existing) return existing.id;
    const id = generateId();
    try {
      await db.insertInto('organisations').values({ id, name, name_key: nameKey, kind, created_at: now() }).execute();
      return id;
    } catch (err) {
      // Two people of a new organisation signing up at once: the other insert won.
      if (!isUniqueViolation(err)) throw err;
      const row = await db
        .selectFrom('organisations')
        .select('id')
        .where('name_key', '=', nameKey)
        .where('kind', '=', kind)
        .executeTakeFirstOrThrow();
      return row.id;
    }
  }

  async function signup(input: {
    email: string;
    password: string;
    name: string;
    organisationName: string;
    organisationKind: OrganisationKind;
  }): Promise<MeDto> {
    const taken = await db.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
    const emailTaken = () =>
      new HttpError(409, ErrorCode.emailTaken, 'An account with this email already exists. Sign in instead.');
    if (taken) throw emailTaken();
    const passwordHash = await hashPassword(input.password);
    const organisationId = await findOrCreateOrganisation(input.organisationName, input.organisationKind);
    const id = generateId();
    try {
      await db
        .insertInto('users')
        .values({
          id,
          email: input.email,
          name: input.name,
          password_hash: passwordHash,
          organisation_id: organisationId,
          created_at: now(),
        })
        .execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    }
    return (await getMe(id))!;
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
        'organisations.id as organisationId',
        'organisations.name as organisationName',
        'organisations.kind as organisationKind',
      ])
      .where('users.id', '=', userId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      user: { id: row.id, email: row.email, name: row.name },
      organisation: {
        id: row.organisationId,
        name: row.organisationName,
        kind: row.organisationKind as OrganisationKind,
      },
    };
  }

  return { signup, verifyCredentials, getMe };
}
