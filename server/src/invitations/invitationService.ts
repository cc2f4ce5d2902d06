import {
  type AcceptedInvitationDto,
  type CreatedInvitationDto,
  ErrorCode,
  type InvitationDto,
  type InvitationPreviewDto,
  isInvitationToken,
  type Role,
} from '@jointly/shared';
import { sha256 } from '@oslojs/crypto/sha2';
import type { Kysely } from 'kysely';
import { recordActivity } from '../activity/activityLog.ts';
import { INVITATION_TTL_MS } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { EntryService } from '../entries/entryService.ts';
import type { EventBus } from '../events/eventBus.ts';
import { conflict, HttpError, notFound } from '../http/HttpError.ts';
import { generateId, generateSecret } from '../ids.ts';
import { isoTime } from '../isoTime.ts';

export type InvitationService = ReturnType<typeof createInvitationService>;

/** Invitation tokens are stored only as a SHA-256, like session secrets. */
function hashToken(token: string): Buffer {
  return Buffer.from(sha256(new TextEncoder().encode(token)));
}

export function createInvitationService(deps: {
  db: Kysely<Database>;
  entries: EntryService;
  /** A member who joined is announced to open pages once committed (C-EVENT-2). */
  events: Pick<EventBus, 'publish'>;
  now?: () => number;
  /** After an accepted invitation verified the address (organisations/: a pending member on a verified domain is confirmed). */
  onAddressVerified?: (userId: string) => Promise<void>;
}) {
  const { db, entries } = deps;
  const now = deps.now ?? Date.now;
  /** Published after the change is committed; open pages of the entry read members and invitations again. */
  const membersChanged = (entryId: string) => deps.events.publish('entryChanged', { entryId, kind: 'members' });

  async function create(
    entryId: string,
    inviter: { id: string; name: string },
    input: { email: string; role: Role },
    origin: string,
    /** Runs after the checks, before anything is stored; throws to refuse (the rate limits). */
    admit: () => Promise<void> = async () => {},
  ): Promise<CreatedInvitationDto> {
    await entries.authorise(entryId, inviter.id, 'manageMembers');
    const alreadyMember = await db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select('users.id')
      .where('memberships.entry_id', '=', entryId)
      .where('users.email', '=', input.email)
      .executeTakeFirst();
    if (alreadyMember) throw conflict(ErrorCode.alreadyMember, `${input.email} is already a member of this entry.`);
    await admit();
    const token = generateSecret();
    const at = now();
    const id = generateId();
    const actor = await entries.activityActor(entryId, inviter.id);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('invitations')
        .values({
          id,
          entry_id: entryId,
          email: input.email,
          role: input.role,
          token_hash: hashToken(token),
          invited_by: inviter.id,
          created_at: at,
          expires_at: at + INVITATION_TTL_MS,
          accepted_at: null,
          accepted_by: null,
          revoked_at: null,
        })
        .execute();
      await recordActivity(trx, {
        entryId,
        at,
        actor,
        kind: 'member_invited',
        detail: { email: input.email, role: input.role },
      });
    });
    // Other leads' pages list pending invitations: they read them again (C-EVENT-2).
    membersChanged(entryId);
    return {
      id,
      email: input.email,
      role: input.role,
      invitedBy: inviter,
      createdAt: isoTime(at),
      expiresAt: isoTime(at + INVITATION_TTL_MS),
      token,
      url: `${origin}/invitations/${token}`,
    };
  }

  async function listPending(entryId: string, actorId: string): Promise<InvitationDto[]> {
    await entries.authorise(entryId, actorId, 'manageMembers');
    const rows = await db
      .selectFrom('invitations')
      .innerJoin('users', 'users.id', 'invitations.invited_by')
      .select([
        'invitations.id as id',
        'invitations.email as email',
        'invitations.role as role',
        'invitations.created_at as createdAt',
        'invitations.expires_at as expiresAt',
        'users.id as inviterId',
        'users.name as inviterName',
      ])
      .where('invitations.entry_id', '=', entryId)
      .where('invitations.accepted_at', 'is', null)
      .where('invitations.revoked_at', 'is', null)
      .where('invitations.expires_at', '>', now())
      .orderBy('invitations.created_at')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      role: row.role as Role,
      invitedBy: { id: row.inviterId, name: row.inviterName },
      createdAt: isoTime(row.createdAt),
      expiresAt: isoTime(row.expiresAt),
    }));
  }

  async function revoke(entryId: string, actorId: string, invitationId: string): Promise<void> {
    await entries.authorise(entryId, actorId, 'manageMembers');
    const result = await db
      .updateTable('invitations')
      .set({ revoked_at: now() })
      .where('id', '=', invitationId)
      .where('entry_id', '=', entryId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw notFound('Invitation');
    membersChanged(entryId);
  }

  /**
   * Gives a pending invitation a fresh token (issue 11 item 4): tokens are stored only as a hash,
   * so a lead who lost the link cannot be shown it again; instead the same invitation (email,
   * role, sender) gets a new token, valid for a fresh INVITATION_TTL_MS, and the old link stops
   * working at once. Only a still-usable invitation of this entry can be re-issued (else 404).
   */
  async function reissue(
    entryId: string,
    actorId: string,
    invitationId: string,
    origin: string,
    /** Runs after the checks, before anything is stored; throws to refuse (the rate limits). */
    admit: (email: string) => Promise<void> = async () => {},
  ): Promise<CreatedInvitationDto> {
    await entries.authorise(entryId, actorId, 'manageMembers');
    const row = await db
      .selectFrom('invitations')
      .innerJoin('users', 'users.id', 'invitations.invited_by')
      .select([
        'invitations.email as email',
        'invitations.role as role',
        'invitations.created_at as createdAt',
        'users.id as inviterId',
        'users.name as inviterName',
      ])
      .where('invitations.id', '=', invitationId)
      .where('invitations.entry_id', '=', entryId)
      .where('invitations.accepted_at', 'is', null)
      .where('invitations.revoked_at', 'is', null)
      .where('invitations.expires_at', '>', now())
      .executeTakeFirst();
    if (!row) throw notFound('Invitation');
    await admit(row.email);
    const token = generateSecret();
    const at = now();
    // Conditional, like accept: an invitation accepted or revoked meanwhile is not revived.
    const result = await db
      .updateTable('invitations')
      .set({ token_hash: hashToken(token), expires_at: at + INVITATION_TTL_MS })
      .where('id', '=', invitationId)
      .where('entry_id', '=', entryId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw notFound('Invitation');
    membersChanged(entryId);
    return {
      id: invitationId,
      email: row.email,
      role: row.role as Role,
      invitedBy: { id: row.inviterId, name: row.inviterName },
      createdAt: isoTime(row.createdAt),
      expiresAt: isoTime(at + INVITATION_TTL_MS),
      token,
      url: `${origin}/invitations/${token}`,
    };
  }

  /** The invitation behind a token, or the error that explains why it cannot be used. */
  async function usable(token: string) {
    if (!isInvitationToken(token)) throw notFound('Invitation');
    const row = await db
      .selectFrom('invitations')
      .innerJoin('entries', 'entries.id', 'invitations.entry_id')
      .innerJoin('users', 'users.id', 'invitations.invited_by')
      .innerJoin('organisations', 'organisations.id', 'entries.lead_organisation_id')
      .select([
        'invitations.id as id',
        'invitations.entry_id as entryId',
        'invitations.email as email',
        'invitations.role as role',
        'invitations.expires_at as expiresAt',
        'invitations.accepted_at as acceptedAt',
        'invitations.revoked_at as revokedAt',
        'invitations.invited_by as invitedBy',
        'entries.title as entryTitle',
        'users.name as inviterName',
        'organisations.name as leadOrganisation',
      ])
      .where('invitations.token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!row) throw notFound('Invitation');
    if (row.acceptedAt !== null) throw conflict(ErrorCode.invitationUsed, 'This invitation has already been used.');
    // An invitation acts with its sender's authority, so one from a member who is no longer a lead is
    // withdrawn too (issue #10 finding 12): removal and demotion revoke them, and this also catches
    // invitations older than that rule.
    if (row.revokedAt !== null || (await entries.roleOf(row.entryId, row.invitedBy)) !== 'lead') {
      throw new HttpError(
        410,
        ErrorCode.invitationRevoked,
        'This invitation was withdrawn. Ask the entry lead for a new one.',
      );
    }
    if (row.expiresAt <= now()) {
      throw new HttpError(
        410,
        ErrorCode.invitationExpired,
        'This invitation has expired. Ask the entry lead for a new one.',
      );
    }
    return row;
  }

  async function preview(token: string): Promise<InvitationPreviewDto> {
    const row = await usable(token);
    return {
      entryTitle: row.entryTitle,
      role: row.role as Role,
      email: row.email,
      invitedBy: row.inviterName,
      leadOrganisation: row.leadOrganisation,
      expiresAt: isoTime(row.expiresAt),
    };
  }

  /**
   * Accepts an invitation for the signed-in person. The token is spent by a
   * conditional update inside the transaction that adds the membership, so
   * two concurrent accepts cannot both succeed (RELIABILITY G45).
   */
  async function accept(
    token: string,
    user: { id: string; email: string; organisationId: string },
  ): Promise<AcceptedInvitationDto> {
    const row = await usable(token);
    if (row.email !== user.email) {
      throw new HttpError(
        403,
        ErrorCode.invitationEmailMismatch,
        `This invitation is for ${row.email}. Sign in with that email to accept it.`,
      );
    }
    if (await entries.roleOf(row.entryId, user.id)) {
      throw conflict(ErrorCode.alreadyMember, 'You are already a member of this entry.');
    }
    const at = now();
    await db.transaction().execute(async (trx) => {
      const spent = await trx
        .updateTable('invitations')
        .set({ accepted_at: at, accepted_by: user.id })
        .where('id', '=', row.id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      if (Number(spent.numUpdatedRows) !== 1) {
        throw conflict(ErrorCode.invitationUsed, 'This invitation has already been used.');
      }
      // The invitation reached this address, which is the account's: that proves it (issue 15).
      await trx
        .updateTable('users')
        .set({ email_verified_at: at })
        .where('id', '=', user.id)
        .where('email', '=', row.email)
        .where('email_verified_at', 'is', null)
        .execute();
      // Two invitations for one person accepted at once: the second finds the membership made.
      const joined = await trx
        .insertInto('memberships')
        .values({
          entry_id: row.entryId,
          user_id: user.id,
          organisation_id: user.organisationId,
          role: row.role,
          created_at: at,
        })
        .onConflict((oc) => oc.columns(['entry_id', 'user_id']).doNothing())
        .executeTakeFirst();
      if (Number(joined.numInsertedOrUpdatedRows) !== 1) {
        throw conflict(ErrorCode.alreadyMember, 'You are already a member of this entry.');
      }
      await recordActivity(trx, {
        entryId: row.entryId,
        at,
        actor: { userId: user.id, organisationId: user.organisationId },
        kind: 'member_joined',
        detail: { role: row.role },
      });
    });
    membersChanged(row.entryId);
    await deps.onAddressVerified?.(user.id);
    return { entryId: row.entryId, role: row.role as Role };
  }

  return { create, listPending, revoke, reissue, preview, accept };
}
