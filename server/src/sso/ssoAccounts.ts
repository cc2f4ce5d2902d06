import { ErrorCode, organisationName, signupBody } from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordAccountAudit } from '../audit/auditLog.ts';
import type { AccountService } from '../auth/accountService.ts';
import type { Database } from '../db/schema.ts';
import { HttpError } from '../http/HttpError.ts';
import type { SsoConfig } from '../ssoConfig.ts';

/** The ID token claims an account is found or made from (already validated by openid-client). */
export type SsoClaims = Record<string, unknown> & { iss: string; sub: string };

/** A sign-in the provider completed but Jointly will not accept (the reason the person is shown). */
export class SsoRefusal extends Error {
  constructor(readonly reason: 'sso_email_unverified') {
    super(reason);
  }
}

const isUniqueViolation = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
};

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * Accounts of single sign-on (issue 15). An identity (issuer, subject) seen before signs in its
 * account. Otherwise only a VERIFIED email is trusted: it links the account with that email, or
 * makes a new one (email verified; name from the claims; organisation from the configured claim,
 * else the email's domain, as kind "other"). An unverified email could be anyone's. An organisation
 * from the claim is vouched for by the deployment's provider, so the account joins it confirmed;
 * one from the domain is an ordinary join (organisations/organisationJoin.ts).
 */
export function createSsoAccounts(deps: {
  db: Kysely<Database>;
  accounts: AccountService;
  sso: SsoConfig;
  now: () => number;
  /** Organisation membership (organisations/): what a single sign-on of an existing account confirms. */
  membership?: { signedInBySso(userId: string, claimedOrganisation: string | null): Promise<void> };
}) {
  const { db, accounts, sso, now } = deps;

  async function linkedUser(issuer: string, subject: string): Promise<string | null> {
    const row = await db
      .selectFrom('sso_identities')
      .innerJoin('users', 'users.id', 'sso_identities.user_id')
      .select(['users.id as id', 'users.deleted_at as deletedAt'])
      .where('sso_identities.issuer', '=', issuer)
      .where('sso_identities.subject', '=', subject)
      .executeTakeFirst();
    if (!row) return null;
    if (row.deletedAt === null) return row.id;
    // A deleted account keeps no sign-in: the identity may start afresh.
    await db.deleteFrom('sso_identities').where('issuer', '=', issuer).where('subject', '=', subject).execute();
    return null;
  }

  function verifiedEmail(claims: SsoClaims): string {
    const verified = claims.email_verified;
    const vouched = verified === true || (verified === undefined && sso.trustProviderEmails);
    const email = signupBody.shape.email.safeParse(text(claims.email) ?? '');
    if (!vouched || !email.success) throw new SsoRefusal('sso_email_unverified');
    return email.data;
  }

  function nameOf(claims: SsoClaims, email: string): string {
    const given = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
    for (const candidate of [text(claims.name), given, email.split('@')[0]]) {
      const parsed = signupBody.shape.name.safeParse(candidate ?? '');
      if (parsed.success) return parsed.data;
    }
    return 'Jointly user';
  }

  /**
   * The organisation the claims name (`fromClaim`: the deployment's provider vouches for the
   * membership), else the email's domain as a name (an ordinary join: pending unless confirmed).
   */
  function organisationOf(claims: SsoClaims, email: string): { name: string; fromClaim: boolean } {
    const claimed = sso.organisationClaim ? text(claims[sso.organisationClaim]) : undefined;
    const fromClaim = organisationName.safeParse(claimed ?? '');
    if (fromClaim.success) return { name: fromClaim.data, fromClaim: true };
    const fromDomain = organisationName.safeParse(email.split('@')[1] ?? '');
    return { name: fromDomain.success ? fromDomain.data : 'Unknown organisation', fromClaim: false };
  }

  async function link(issuer: string, subject: string, userId: string): Promise<void> {
    try {
      await db.insertInto('sso_identities').values({ issuer, subject, user_id: userId, created_at: now() }).execute();
    } catch (err) {
      // The same identity's two callbacks at once: the other one linked it.
      if (!isUniqueViolation(err)) throw err;
    }
  }

  /** The account this provider's sign-in is, linked or made as the rules above say. */
  async function accountFor(claims: SsoClaims): Promise<string> {
    const known = await linkedUser(claims.iss, claims.sub);
    if (known) {
      const claimed = organisationOf(claims, '');
      await deps.membership?.signedInBySso(known, claimed.fromClaim ? claimed.name : null);
      return known;
    }
    const email = verifiedEmail(claims);
    const existing = await db
      .selectFrom('users')
      .select(['id', 'email_verified_at'])
      .where('email', '=', email)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    const organisation = organisationOf(claims, email);
    if (existing) {
      // The provider proved the address, as a link sent to it would have.
      if (existing.email_verified_at === null) {
        await db.updateTable('users').set({ email_verified_at: now() }).where('id', '=', existing.id).execute();
      }
      await link(claims.iss, claims.sub, existing.id);
      await recordAccountAudit(db, {
        userId: existing.id,
        actorId: existing.id,
        action: 'account.sso_linked',
        detail: { issuer: claims.iss },
      });
      // A pending member is confirmed when the provider's claims name their organisation, or their
      // now verified address is on one of its verified domains (organisations/).
      await deps.membership?.signedInBySso(existing.id, organisation.fromClaim ? organisation.name : null);
      return existing.id;
    }
    let id: string;
    try {
      ({ userId: id } = await accounts.createAccount({
        email,
        name: nameOf(claims, email),
        // No password: '!' is no argon2 hash, so no password ever matches; a reset can set one.
        passwordHash: '!',
        emailVerifiedAt: now(),
        organisation: { name: organisation.name, kind: 'other' },
        organisationVouched: organisation.fromClaim,
        via: 'sso',
      }));
    } catch (err) {
      if (!(err instanceof HttpError && err.code === ErrorCode.emailTaken)) throw err;
      // Made at the same moment by another sign-in of this address: link to that one.
      return accountFor(claims);
    }
    await link(claims.iss, claims.sub, id);
    await recordAccountAudit(db, { userId: id, actorId: id, action: 'account.signed_up', detail: { method: 'sso' } });
    return id;
  }

  return { accountFor };
}
