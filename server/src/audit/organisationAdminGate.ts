import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AuthContext } from '../http/AppEnv.ts';
import { forbidden, notFound } from '../http/HttpError.ts';

/** Whether a person is an admin of an organisation now (organisations/organisationAdmins.ts, passed in). */
export type IsOrganisationAdmin = (db: Kysely<Database>, userId: string, organisationId: string) => Promise<boolean>;

/**
 * Lets only the organisation's admins through. Someone of another organisation is answered 404,
 * as for an organisation that does not exist, so nothing says which ids are real; a member of
 * this organisation who is not an admin knows it exists and is told 403.
 */
export async function requireOrganisationAdmin(
  db: Kysely<Database>,
  isAdmin: IsOrganisationAdmin,
  auth: AuthContext,
  organisationId: string,
): Promise<void> {
  if (auth.organisation.id !== organisationId) throw notFound('That organisation');
  if (!(await isAdmin(db, auth.user.id, organisationId))) {
    throw forbidden('Only your organisation’s admins can do that.');
  }
}
