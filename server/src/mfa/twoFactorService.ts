import { ErrorCode, type RecoveryCodesDto, type TwoFactorSetupDto, type TwoFactorStatusDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import QRCode from 'qrcode';
import { recordAccountAudit, recordFailedSignIn } from '../audit/auditLog.ts';
import { auditRequestIp } from '../audit/auditRequestContext.ts';
import { verifyPassword } from '../auth/passwords.ts';
import type { Database } from '../db/schema.ts';
import { conflict, HttpError } from '../http/HttpError.ts';
import type { ActionLimiter } from '../limits/actionLimiter.ts';
import { organisationRequiresTwoFactor } from './mfaRequirement.ts';
import { createPendingLogins } from './pendingLogins.ts';
import { generateRecoveryCodes, hashRecoveryCode } from './recoveryCodes.ts';
import { matchingStep, newTotpSecret, totpUri } from './totp.ts';

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;

/** A code from the app, or one recovery code instead (already normalised by the shared schema). */
export type SecondFactor = { code: string } | { recoveryCode: string };

export const invalidCode = () =>
  new HttpError(400, ErrorCode.invalidCode, 'That code is not right, or was used already. Try the newest code.');

/**
 * Two-factor sign-in for password accounts (issue 15): TOTP enrolment confirmed by a code,
 * recovery codes kept only hashed, codes accepted once per 30-second step, every code tried
 * counted against the account's bucket (limits/actionLimiter.ts) before it is checked.
 */
export function createTwoFactorService(deps: { db: Kysely<Database>; limits: ActionLimiter; now?: () => number }) {
  const { db, limits } = deps;
  const now = deps.now ?? Date.now;
  const pending = createPendingLogins(db, now);

  const rowOf = (userId: string) =>
    db.selectFrom('two_factor').selectAll().where('user_id', '=', userId).executeTakeFirst();

  async function isEnabled(userId: string): Promise<boolean> {
    return (await rowOf(userId))?.enabled_at != null;
  }

  async function status(userId: string): Promise<TwoFactorStatusDto> {
    const row = await rowOf(userId);
    const left = await db
      .selectFrom('two_factor_recovery_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return { enabled: row?.enabled_at != null, recoveryCodesLeft: row?.enabled_at != null ? Number(left.n) : 0 };
  }

  /** A new secret, not in force until confirmed; starting again replaces an unconfirmed one. */
  async function setup(user: { id: string; email: string }): Promise<TwoFactorSetupDto> {
    if (await isEnabled(user.id)) throw conflict(ErrorCode.twoFactorState, 'Two-factor authentication is already on.');
    const secret = newTotpSecret();
    const uri = totpUri(secret, user.email);
    // One statement, so two set-ups at once cannot collide: an unconfirmed row is replaced, an enabled one never.
    const at = now();
    const written = await db
      .insertInto('two_factor')
      .values({ user_id: user.id, secret, enabled_at: null, last_used_step: null, created_at: at })
      .onConflict((oc) =>
        oc
          .column('user_id')
          .doUpdateSet({ secret, last_used_step: null, created_at: at })
          .where('two_factor.enabled_at', 'is', null),
      )
      .executeTakeFirst();
    if (Number(written.numInsertedOrUpdatedRows ?? 0) !== 1) {
      throw conflict(ErrorCode.twoFactorState, 'Two-factor authentication is already on.');
    }
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
    return { secret, uri, qrSvg };
  }

  /**
   * Takes a code for its step if no code of that step or a later one was taken (one UPDATE, so
   * two requests racing with the same code cannot both pass).
   */
  async function takeCode(userId: string, secret: string, code: string): Promise<boolean> {
    const step = matchingStep(secret, code, now());
    if (step === null) return false;
    const result = await db
      .updateTable('two_factor')
      .set({ last_used_step: step })
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async function takeRecoveryCode(userId: string, code: string): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('two_factor_recovery_codes')
        .where('user_id', '=', userId)
        .where('code_hash', '=', hashRecoveryCode(code))
        .executeTakeFirst();
      const used = Number(result.numDeletedRows) === 1;
      if (used) await recordAccountAudit(trx, { userId, actorId: userId, action: 'account.recovery_code_used' });
      return used;
    });
  }

  /** Checks (and uses up) a factor of an account with TOTP on; counted against the bucket first. */
  async function checkFactor(userId: string, factor: SecondFactor): Promise<boolean> {
    await limits.secondFactorTried(userId);
    const row = await rowOf(userId);
    if (!row || row.enabled_at == null) return false;
    return 'code' in factor ? takeCode(userId, row.secret, factor.code) : takeRecoveryCode(userId, factor.recoveryCode);
  }

  /** New codes in the caller's transaction (enrolment, or making new ones), the old ones gone. */
  async function replaceRecoveryCodes(trx: Kysely<Database>, userId: string): Promise<RecoveryCodesDto> {
    const codes = generateRecoveryCodes();
    await trx.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
    await trx
      .insertInto('two_factor_recovery_codes')
      .values(codes.map((code) => ({ code_hash: hashRecoveryCode(code), user_id: userId, created_at: now() })))
      .execute();
    return { recoveryCodes: codes };
  }

  /** The first right code turns TOTP on; the recovery codes come back once. */
  async function confirm(userId: string, code: string): Promise<RecoveryCodesDto> {
    const row = await rowOf(userId);
    if (!row || row.enabled_at != null) {
      throw conflict(ErrorCode.twoFactorState, 'Start setting up two-factor authentication first.');
    }
    await limits.secondFactorTried(userId);
    if (!(await takeCode(userId, row.secret, code))) throw invalidCode();
    // Only the confirmation that turns it on hands out codes (a second, racing one would replace them).
    return db.transaction().execute(async (trx) => {
      const enabled = await trx
        .updateTable('two_factor')
        .set({ enabled_at: now() })
        .where('user_id', '=', userId)
        .where('secret', '=', row.secret)
        .where('enabled_at', 'is', null)
        .executeTakeFirst();
      if (Number(enabled.numUpdatedRows) !== 1) {
        throw conflict(ErrorCode.twoFactorState, 'Two-factor authentication was just turned on or set up again.');
      }
      await recordAccountAudit(trx, { userId, actorId: userId, action: 'account.two_factor_enabled' });
      return replaceRecoveryCodes(trx, userId);
    });
  }

  async function requireEnabled(userId: string) {
    if (!(await isEnabled(userId))) throw conflict(ErrorCode.twoFactorState, 'Two-factor authentication is not on.');
  }

  async function regenerateRecoveryCodes(userId: string, code: string): Promise<RecoveryCodesDto> {
    await requireEnabled(userId);
    if (!(await checkFactor(userId, { code }))) throw invalidCode();
    return db.transaction().execute(async (trx) => {
      await recordAccountAudit(trx, { userId, actorId: userId, action: 'account.recovery_codes_regenerated' });
      return replaceRecoveryCodes(trx, userId);
    });
  }

  /** Off again: the password and a code (or a recovery code); the secret and codes are deleted. */
  async function disable(userId: string, password: string, factor: SecondFactor): Promise<void> {
    await requireEnabled(userId);
    // Asked before the password, so a refusal here says nothing about it.
    if (await organisationRequiresTwoFactor(db, userId)) {
      throw new HttpError(
        403,
        ErrorCode.forbidden,
        'Your organisation requires two-factor authentication, so it cannot be turned off. You can make new recovery codes instead.',
      );
    }
    const user = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    if (!(await verifyPassword(user.password_hash, password))) {
      throw new HttpError(400, ErrorCode.validation, 'The password is not right.', [
        { path: 'password', message: 'The password is not right' },
      ]);
    }
    if (!(await checkFactor(userId, factor))) throw invalidCode();
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('two_factor').where('user_id', '=', userId).execute();
      await trx.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
      await trx.deleteFrom('pending_logins').where('user_id', '=', userId).execute();
      await recordAccountAudit(trx, { userId, actorId: userId, action: 'account.two_factor_disabled' });
    });
  }

  /** Sign-in after the password: a pending-login token when TOTP is on, else null (sign in at once). */
  async function beginSignIn(userId: string): Promise<string | null> {
    return (await isEnabled(userId)) ? pending.begin(userId) : null;
  }

  /** The second step: the user id once a right factor is given for a live pending sign-in. */
  async function completeSignIn(token: string | null, factor: SecondFactor): Promise<string> {
    const login = await pending.find(token);
    if (!(await checkFactor(login.userId, factor))) {
      await recordFailedSignIn(db, { userId: login.userId, stage: 'second_factor', ip: auditRequestIp() });
      return pending.fail(login.id);
    }
    if (!(await pending.finish(login.id))) throw invalidCode();
    return login.userId;
  }

  return { isEnabled, status, setup, confirm, regenerateRecoveryCodes, disable, beginSignIn, completeSignIn };
}
