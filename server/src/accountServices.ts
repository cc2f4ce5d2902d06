import type { Kysely } from 'kysely';
import { createAccountMail } from './accounts/accountMail.ts';
import { createAccountManagementService } from './accounts/accountManagementService.ts';
import { createAccountRecoveryService } from './accounts/accountRecoveryService.ts';
import { createAccountTokens } from './accounts/accountTokens.ts';
import { createAccountService } from './auth/accountService.ts';
import type { SessionService } from './auth/sessionService.ts';
import type { Config } from './config.ts';
import type { Database } from './db/schema.ts';
import type { EventBus } from './events/eventBus.ts';
import { createAccountEmailLimits } from './limits/accountEmailLimits.ts';
import type { ActionLimiter } from './limits/actionLimiter.ts';
import type { LimitStore } from './limits/limitStore.ts';
import type { Logger } from './logger.ts';
import type { Mailer } from './mail/mailer.ts';
import { createTwoFactorService } from './mfa/twoFactorService.ts';
import { createOrganisationAdministration } from './organisations/organisationAdministration.ts';
import { createOrganisationLimits } from './organisations/organisationLimits.ts';
import { createOrganisationMembership } from './organisations/organisationMembership.ts';
import { createOrganisationMoves } from './organisations/organisationMoves.ts';
import { createPendingMemberAlerts } from './organisations/pendingMemberAlerts.ts';
import { createSsoService } from './sso/ssoService.ts';

/**
 * Who people are and whom they speak for (issue 15): accounts and sign-up, managed organisations
 * (joining, admins, declining, moving), two-factor sign-in, e-mailed account links and single
 * sign-on, built together because each places or confirms people through the others. The rest of
 * the server (services.ts) is built on what this returns.
 */
export function createAccountServices({
  config,
  db,
  events,
  mailer,
  sessions,
  limitStore,
  limits,
  logger,
}: {
  config: Config;
  db: Kysely<Database>;
  events: EventBus;
  mailer: Mailer | null;
  sessions: SessionService;
  limitStore: LimitStore;
  limits: ActionLimiter;
  logger: Logger;
}) {
  // Managed organisations (issue 15): who may join as what, admins' changes, and telling admins of
  // people waiting for them (e-mailed when SMTP_URL is set; links to PUBLIC_URL's organisation page).
  const organisationLimits = createOrganisationLimits(limitStore);
  const organisationAdministration = createOrganisationAdministration({ db: db, events });
  const organisationMembership = createOrganisationMembership({
    db: db,
    administration: organisationAdministration,
  });
  const pendingMemberAlerts = createPendingMemberAlerts({
    db: db,
    mailer,
    limits: organisationLimits,
    origin: config.publicUrl ?? `http://localhost:${config.port}`,
    logger,
  });
  const accounts = createAccountService(db, Date.now, { onJoined: pendingMemberAlerts.onJoined });
  // A pending or declined person moving to their real organisation joins it as a sign-up would.
  const organisationMoves = createOrganisationMoves({
    db: db,
    administration: organisationAdministration,
    onJoined: pendingMemberAlerts.onJoined,
  });
  // Two-factor sign-in (issue 15): TOTP and recovery codes; codes tried count against `limits`.
  const twoFactor = createTwoFactorService({ db: db, limits });
  // Account recovery and management (issue 15): e-mailed single-use links, limited per address, account and IP.
  const accountTokens = createAccountTokens(db);
  const accountMail = createAccountMail({ mailer, logger, nodeEnv: config.nodeEnv });
  const accountEmailLimits = createAccountEmailLimits(limitStore);
  const accountRecovery = createAccountRecoveryService({
    db: db,
    tokens: accountTokens,
    mail: accountMail,
    sessions,
    logger,
    onAddressVerified: organisationMembership.addressVerified,
  });
  const accountManagement = createAccountManagementService({
    db: db,
    tokens: accountTokens,
    mail: accountMail,
    events,
  });
  // Single sign-on (issue 15): only when the deployment configures an OpenID Connect provider.
  const singleSignOn = config.sso
    ? createSsoService({ db: db, accounts, sso: config.sso, logger, membership: organisationMembership })
    : null;
  return {
    organisationLimits,
    organisationAdministration,
    organisationMembership,
    organisationMoves,
    accounts,
    twoFactor,
    accountEmailLimits,
    accountRecovery,
    accountManagement,
    singleSignOn,
  };
}
