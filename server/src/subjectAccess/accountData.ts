import type { SubjectAccessExportDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isoTime } from '../isoTime.ts';
import type { RowBudget } from './rowBudget.ts';

type AccountPart = Pick<SubjectAccessExportDto, 'account' | 'organisation' | 'security' | 'auditLog'>;

const isoOrNull = (ms: number | string | null) => (ms === null ? null : isoTime(ms));

function parseDetail(json: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(json);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * The account, its organisation, how it signs in, and the audit log's records about it. Secrets
 * are never included: the password and recovery codes are held only as hashes, the TOTP key and
 * session tokens are credentials, not information about the person.
 */
export async function readAccountData(
  db: Kysely<Database>,
  who: { userId: string; sessionId: string },
  budget: RowBudget,
): Promise<AccountPart> {
  const user = await db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.password_hash as passwordHash',
      'users.created_at as createdAt',
      'users.email_verified_at as emailVerifiedAt',
      'users.organisation_status as organisationStatus',
      'users.organisation_role as organisationRole',
      'organisations.id as organisationId',
      'organisations.name as organisationName',
      'organisations.kind as organisationKind',
      'organisations.ods_code as odsCode',
      'organisations.companies_house_number as companiesHouseNumber',
      'organisations.charity_number as charityNumber',
    ])
    .where('users.id', '=', who.userId)
    .executeTakeFirstOrThrow();

  const [twoFactor, recoveryCodes, identities, sessions, links, audit] = await Promise.all([
    db.selectFrom('two_factor').select('enabled_at').where('user_id', '=', who.userId).executeTakeFirst(),
    db
      .selectFrom('two_factor_recovery_codes')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('user_id', '=', who.userId)
      .executeTakeFirstOrThrow(),
    budget.rows(
      'security.singleSignOn',
      db.selectFrom('sso_identities').select(['issuer', 'subject', 'created_at']).where('user_id', '=', who.userId),
    ),
    budget.rows(
      'security.sessions',
      db
        .selectFrom('sessions')
        .select(['id', 'created_at', 'last_active_at', 'sign_in_method'])
        .where('user_id', '=', who.userId)
        .orderBy('created_at'),
    ),
    budget.rows(
      'security.pendingLinks',
      db
        .selectFrom('account_tokens')
        .select(['purpose', 'email', 'created_at', 'expires_at'])
        .where('user_id', '=', who.userId)
        .orderBy('created_at'),
    ),
    budget.rows(
      'auditLog',
      db
        .selectFrom('audit_log')
        .select(['actor_id', 'subject_user_id', 'action', 'detail', 'ip', 'created_at'])
        .where((eb) => eb.or([eb('subject_user_id', '=', who.userId), eb('actor_id', '=', who.userId)]))
        .orderBy('id'),
    ),
  ]);

  return {
    account: {
      id: user.id,
      email: user.email,
      name: user.name,
      createdAt: isoTime(user.createdAt),
      emailVerifiedAt: isoOrNull(user.emailVerifiedAt),
      // Single sign-on accounts hold '!', which no password hashes to (sso/ssoAccounts.ts).
      hasPassword: user.passwordHash !== '!' && user.passwordHash.length > 0,
      organisationStatus: user.organisationStatus,
      organisationRole: user.organisationRole,
    },
    organisation: {
      id: user.organisationId,
      name: user.organisationName,
      kind: user.organisationKind,
      odsCode: user.odsCode,
      companiesHouseNumber: user.companiesHouseNumber,
      charityNumber: user.charityNumber,
    },
    security: {
      twoFactor: twoFactor
        ? { enabledAt: isoOrNull(twoFactor.enabled_at), recoveryCodesLeft: Number(recoveryCodes.n) }
        : null,
      singleSignOn: identities.map((row) => ({
        issuer: row.issuer,
        subject: row.subject,
        linkedAt: isoTime(row.created_at),
      })),
      sessions: sessions.map((row) => ({
        createdAt: isoTime(row.created_at),
        lastActiveAt: isoTime(row.last_active_at),
        signInMethod: row.sign_in_method,
        thisSession: row.id === who.sessionId,
      })),
      pendingLinks: links.map((row) => ({
        purpose: row.purpose,
        email: row.email,
        createdAt: isoTime(row.created_at),
        expiresAt: isoTime(row.expires_at),
      })),
    },
    auditLog: audit.map((row) => {
      const aboutYou = row.subject_user_id === who.userId;
      return {
        at: isoTime(row.created_at),
        action: row.action,
        aboutYou,
        byYou: row.actor_id === who.userId,
        ip: row.ip,
        // What you did to someone else's account: the action is yours, its details are theirs.
        detail: aboutYou || row.subject_user_id === null ? parseDetail(row.detail) : null,
      };
    }),
  };
}
