import path from 'node:path';
import { createAccountService } from './auth/accountService.ts';
import { createSessionService } from './auth/sessionService.ts';
import { createMemoryThrottleStore } from './auth/throttle.ts';
import { type CollabServer, createCollabServer } from './collab/collabServer.ts';
import type { CollabTuning } from './collab/collabTuning.ts';
import { type DocRelay, localDocRelay } from './collab/docRelay.ts';
import { type Config, DOCUMENT_SUMMARY_CACHE_ENTRIES } from './config.ts';
import { type DatabaseHandle, openDatabase } from './db/database.ts';
import { createDocumentReader } from './documents/documentReader.ts';
import { createDocumentSummaries, type DocumentSummaries } from './documents/documentSummaries.ts';
import { createEntryService, type DocInsight } from './entries/entryService.ts';
import { createLocalEventBus, type EventBus } from './events/eventBus.ts';
import { createExportService } from './exports/exportService.ts';
import { createInvitationService } from './invitations/invitationService.ts';
import { createActionLimiter } from './limits/actionLimiter.ts';
import { createMemoryLimitStore } from './limits/limitStore.ts';
import { createRedisLimitStore } from './limits/redisLimitStore.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { createProvenanceService } from './provenance/provenanceService.ts';
import { createReviewService, type ReviewService } from './review/reviewService.ts';
import { createRedisDocRelay } from './scale/redisDocRelay.ts';
import { createRedisEventBus } from './scale/redisEventBus.ts';
import { createRedisLink, type RedisLink } from './scale/redisLink.ts';
import { createRedisThrottleStore } from './scale/redisThrottleStore.ts';
import { type ChecksFailing, createChecksFailing } from './signoff/checksFailing.ts';
import { createSignoffService, type SignoffService } from './signoff/signoffService.ts';

/** Everything the app, the socket and the tests share; built once per process. */
export type Services = Awaited<ReturnType<typeof createServices>>;

export async function createServices(
  config: Config,
  options: { logger?: Logger; collabTuning?: Partial<CollabTuning> } = {},
) {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database: DatabaseHandle = await openDatabase(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl }
      : { kind: 'sqlite', file: path.join(config.dataDir, 'jointly.sqlite'), synchronous: config.sqliteSynchronous },
  );
  // Scaled mode (PRODUCT §7): events and documents relayed to the other processes over Redis.
  let redis: RedisLink | null = null;
  let events: EventBus = createLocalEventBus();
  let relay: DocRelay = localDocRelay;
  if (config.redisUrl) {
    redis = createRedisLink({ url: config.redisUrl, prefix: config.redisPrefix, logger });
    const bus = createRedisEventBus(redis, logger);
    // Serve at once if Redis is down (its subscription then waits for it); otherwise start subscribed.
    await bus.ready;
    events = bus;
    relay = createRedisDocRelay(redis, logger);
  }
  const mailer: Mailer | null = config.smtpUrl ? createMailer(config.smtpUrl, config.mailFrom, logger) : null;
  const sessions = createSessionService(database.db, events);
  const accounts = createAccountService(database.db);
  // Sign-in brute-force limits (RELIABILITY D31): shared by every process through Redis in scaled mode.
  const signInThrottle = redis ? createRedisThrottleStore(redis, logger) : createMemoryThrottleStore();
  // Entries, comments, invitations and emails per account and organisation (issue 10, RELIABILITY G50): shared the same way.
  const limits = createActionLimiter(redis ? createRedisLimitStore(redis, logger) : createMemoryLimitStore());
  // Entries report live words and presence from the collaboration layer, which in turn asks
  // entries for roles: the insight delegates to `collab`, created just below.
  let collab: CollabServer | null = null;
  let signoff: SignoffService | null = null;
  let review: ReviewService | null = null;
  let summaries: DocumentSummaries | null = null;
  let checks: ChecksFailing | null = null;
  const insight: DocInsight = {
    sectionWords: async (entryId, sectionIds) => (await summaries!.summaryOf(entryId, sectionIds)).words,
    presence: (entryId) => collab!.presence(entryId),
    signoff: (entryId, template) => signoff!.view(entryId, template),
    assignments: (entryId, sectionIds) => review!.sectionAssignments(entryId, sectionIds),
    checksFailing: (entryId, userId, contentHash) => checks!.checksFailing(entryId, userId, contentHash),
  };
  const entries = createEntryService({ db: database.db, events, insight });
  // Section assignments and comment threads; mention emails go out when SMTP_URL is set.
  review = createReviewService({ db: database.db, entries, mailer, logger, limits });
  const invitations = createInvitationService({ db: database.db, entries });
  collab = createCollabServer({
    config,
    database,
    events,
    sessions,
    entries,
    logger,
    tuning: options.collabTuning,
    relay,
  });
  // Readers read the live or stored doc through one place that logs, once per entry, what they skipped as malformed.
  const documents = createDocumentReader(collab, logger);
  // The dashboard and entry view read words and hashes from summaries kept while a document is unchanged.
  summaries = createDocumentSummaries({
    db: database.db,
    documents,
    liveDocument: (entryId) => collab!.rooms.get(entryId)?.doc ?? null,
    maxEntries: DOCUMENT_SUMMARY_CACHE_ENTRIES,
  });
  // Provenance reads the contribution log and labels from the store, and the text from the live or stored doc.
  const provenance = createProvenanceService({ db: database.db, entries, store: collab.store, documents });
  // Sign-off hashes the live or stored doc, and holds the room's writes while it submits.
  const signoffService = createSignoffService({
    db: database.db,
    entries,
    provenance,
    collab: {
      readDocument: documents.readDocument,
      withWritesHeld: (entryId, run) => collab!.withWritesHeld(entryId, run),
      entryStatusChanged: (entryId, status) => collab!.entryStatusChanged(entryId, status),
    },
    summaries,
  });
  signoff = signoffService;
  // The dashboard's checks failing: the submit conditions' count, kept until the entry changes (I11-17).
  checks = createChecksFailing({
    db: database.db,
    count: async (entryId, userId) => (await signoffService.submitConditions(entryId, userId)).issues.length,
    maxEntries: DOCUMENT_SUMMARY_CACHE_ENTRIES,
  });
  // Judge-ready exports of the current document, or of a submitted version (`?version=N`).
  const exports = createExportService({
    entries,
    provenance,
    documents,
    loadVersion: (entryId, version) => signoffService.loadVersionState(entryId, version),
    latestVersion: async (entryId, userId) => {
      const versions = (await signoffService.listSubmissions(entryId, userId)).map((s) => s.version);
      return versions.length > 0 ? Math.max(...versions) : null;
    },
  });

  /** Closes the socket first (it stores and acknowledges what is queued), then the rest. */
  async function close() {
    await collab!.close();
    mailer?.close();
    await events.close();
    await redis?.close();
    await database.close();
  }

  return {
    config,
    logger,
    database,
    events,
    redis,
    mailer,
    sessions,
    accounts,
    signInThrottle,
    limits,
    entries,
    invitations,
    collab,
    provenance,
    exports,
    signoff: signoffService,
    summaries: summaries as DocumentSummaries,
    checks,
    review,
    close,
  };
}
