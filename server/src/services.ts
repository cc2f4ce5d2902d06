import path from 'node:path';
import { createAccountService } from './auth/accountService.ts';
import { createSessionService } from './auth/sessionService.ts';
import { createMemoryThrottleStore } from './auth/throttleStore.ts';
import { createCollabServer } from './collab/collabServer.ts';
import type { CollabTuning } from './collab/collabTuning.ts';
import { type DocRelay, localDocRelay } from './collab/docRelay.ts';
import { type Config, DOCUMENT_SUMMARY_CACHE_ENTRIES } from './config.ts';
import { type DatabaseHandle, openDatabase } from './db/database.ts';
import { createDocumentReader } from './documents/documentReader.ts';
import { createDocumentSummaries } from './documents/documentSummaries.ts';
import { createEntryService } from './entries/entryService.ts';
import { createEntryView } from './entries/entryView.ts';
import { createLocalEventBus, type EventBus } from './events/eventBus.ts';
import { createExportService } from './exports/exportService.ts';
import { createFsBlobStore } from './files/blobStore.fs.ts';
import { createKyselyBlobStore } from './files/blobStore.kysely.ts';
import type { BlobStore } from './files/blobStore.ts';
import { createFileService } from './files/fileService.ts';
import { createClamdScanner } from './files/inspection/clamdScanner.ts';
import { inspectUpload } from './files/inspection/inspectUpload.ts';
import { renderThumbnail } from './files/inspection/thumbnail.ts';
import { revokeOnRemoval, revokeSentBy } from './invitations/invitationRevocation.ts';
import { createInvitationService } from './invitations/invitationService.ts';
import { createActionLimiter } from './limits/actionLimiter.ts';
import { createRedisLimitStore } from './limits/limitStore.redis.ts';
import { createMemoryLimitStore } from './limits/limitStore.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { createProvenanceService } from './provenance/provenanceService.ts';
import { createReviewService } from './review/reviewService.ts';
import { createRedisDocRelay } from './scale/redisDocRelay.ts';
import { createRedisEventBus } from './scale/redisEventBus.ts';
import { createRedisLink, type RedisLink } from './scale/redisLink.ts';
import { createRedisThrottleStore } from './scale/redisThrottleStore.ts';
import { createChecksFailing } from './signoff/checksFailing.ts';
import { createSignoffService } from './signoff/signoffService.ts';

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
  // Built bottom up, each from those below it; the entry view, which reads them all, comes last.
  // A membership change revokes invitations (issue #10 finding 12): invitations build on entries,
  // so entries get the revocations passed in rather than importing them.
  const entries = createEntryService({ db: database.db, events, invitations: { revokeSentBy, revokeOnRemoval } });
  // Section assignments and comment threads; mention emails go out when SMTP_URL is set.
  const review = createReviewService({ db: database.db, entries, mailer, logger, limits, events });
  const invitations = createInvitationService({ db: database.db, entries, events });
  const collab = createCollabServer({
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
  const summaries = createDocumentSummaries({
    db: database.db,
    documents,
    liveDocument: (entryId) => collab.rooms.get(entryId)?.doc ?? null,
    maxEntries: DOCUMENT_SUMMARY_CACHE_ENTRIES,
  });
  // Provenance reads the contribution log and labels from the store, and the text from the live or stored doc.
  const provenance = createProvenanceService({ db: database.db, entries, store: collab.store, documents });
  // Sign-off hashes the live or stored doc, and holds the room's writes while it submits.
  const signoff = createSignoffService({
    db: database.db,
    entries,
    provenance,
    collab: {
      readDocument: documents.readDocument,
      withWritesHeld: (entryId, run) => collab.withWritesHeld(entryId, run),
      entryStatusChanged: (entryId, status) => collab.entryStatusChanged(entryId, status),
    },
    summaries,
    events,
  });
  // The dashboard's checks failing: the submit conditions' count, kept until the entry changes (I11-17).
  const checks = createChecksFailing({
    db: database.db,
    count: async (entryId, userId) => (await signoff.submitConditions(entryId, userId)).issues.length,
    maxEntries: DOCUMENT_SUMMARY_CACHE_ENTRIES,
  });
  // The entry page and the dashboard: what each service below knows of an entry, in one view.
  const entryView = createEntryView({
    db: database.db,
    entries,
    sources: {
      sectionWords: async (entryId, sectionIds) => (await summaries.summaryOf(entryId, sectionIds)).words,
      presence: (entryId) => collab.presence(entryId),
      signoff: (entryId, template) => signoff.view(entryId, template),
      assignments: (entryId, sectionIds) => review.sectionAssignments(entryId, sectionIds),
      checksFailing: (entryId, userId, contentHash) => checks.checksFailing(entryId, userId, contentHash),
    },
  });
  // Evidence files (issue 13). Their bytes live beside the database: files under DATA_DIR when
  // embedded, in PostgreSQL when scaled, so every process serves every file (as the DocStore).
  let blobs: BlobStore;
  if (database.dialect === 'postgres') {
    blobs = createKyselyBlobStore(database);
  } else {
    const fileBlobs = createFsBlobStore(path.join(config.dataDir, 'files'));
    await fileBlobs.removeStrayPartials();
    blobs = fileBlobs;
  }
  const files = createFileService({
    db: database.db,
    entries,
    blobs,
    checks: {
      inspect: inspectUpload,
      thumbnail: renderThumbnail,
      scanner: config.clamavUrl ? createClamdScanner(config.clamavUrl) : null,
    },
    limits: { fileMaxBytes: config.fileMaxBytes, entryFilesMaxBytes: config.entryFilesMaxBytes },
    tmpDir: path.join(config.dataDir, 'tmp', 'uploads'),
    logger,
  });
  await files.prepare();
  // Judge-ready exports of the current document, or of a submitted version (`?version=N`).
  const exports = createExportService({
    entries: entryView,
    provenance,
    documents,
    loadVersion: (entryId, version) => signoff.loadVersionState(entryId, version),
    latestVersion: async (entryId, userId) => {
      const versions = (await signoff.listSubmissions(entryId, userId)).map((s) => s.version);
      return versions.length > 0 ? Math.max(...versions) : null;
    },
    files,
  });

  /** Closes the socket first (it stores and acknowledges what is queued), then the rest. */
  async function close() {
    await collab.close();
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
    entryView,
    invitations,
    collab,
    provenance,
    exports,
    files,
    signoff,
    summaries,
    checks,
    review,
    close,
  };
}
