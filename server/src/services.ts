import path from 'node:path';
import { createAccountServices } from './accountServices.ts';
import { createSessionService } from './auth/sessionService.ts';
import { createMemoryThrottleStore } from './auth/throttleStore.ts';
import { templateOf } from './categories/categoryResolver.ts';
import { createCustomCategoryService } from './categories/customCategoryService.ts';
import { createCollabServer } from './collab/collabServer.ts';
import { type DocRelay, localDocRelay } from './collab/docRelay.ts';
import { type Config, DOCUMENT_SUMMARY_CACHE_ENTRIES } from './config.ts';
import { createConsentService } from './consents/consentService.ts';
import { type DatabaseHandle, openDatabase } from './db/database.ts';
import { createDeadlineReminders } from './deadlines/deadlineReminders.ts';
import { createDocumentReader, type DocumentSource } from './documents/documentReader.ts';
import { createDocumentSummaries } from './documents/documentSummaries.ts';
import { createEntryService } from './entries/entryService.ts';
import { createEntryView } from './entries/entryView.ts';
import { createErasureService } from './erasure/erasureService.ts';
import { createLocalEventBus, type EventBus } from './events/eventBus.ts';
import { createExportService } from './exports/exportService.ts';
import { createFsBlobStore } from './files/blobStore.fs.ts';
import { createKyselyBlobStore } from './files/blobStore.kysely.ts';
import type { BlobStore } from './files/blobStore.ts';
import { createFileService } from './files/fileService.ts';
import { createClamdScanner } from './files/inspection/clamdScanner.ts';
import { inspectUpload } from './files/inspection/inspectUpload.ts';
import { renderThumbnail } from './files/inspection/thumbnail.ts';
import { createFinalistService } from './finalist/finalistService.ts';
import { createHistoryRecorder } from './history/historyRecorder.ts';
import { createHistoryService, type HistoryService } from './history/historyService.ts';
import { revokeOnRemoval, revokeSentBy } from './invitations/invitationRevocation.ts';
import { createInvitationService } from './invitations/invitationService.ts';
import { createActionLimiter } from './limits/actionLimiter.ts';
import { createRedisLimitStore } from './limits/limitStore.redis.ts';
import { createMemoryLimitStore } from './limits/limitStore.ts';
import { createLogger } from './logger.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { secondFactorGate } from './mfa/secondFactorGate.ts';
import { notificationCentreTuning } from './notificationConfig.ts';
import { createNotificationCentre } from './notifications/notificationCentre.ts';
import { createNotificationService } from './notifications/notificationService.ts';
import { createOutcomeService } from './outcomes/outcomeService.ts';
import { createProvenanceService } from './provenance/provenanceService.ts';
import { createPublicationService } from './publication/publicationService.ts';
import { createRetention } from './retention/retention.ts';
import { createEntryCopyService } from './reuse/entryCopyService.ts';
import { createLibraryService } from './reuse/libraryService.ts';
import { createReviewService } from './review/reviewService.ts';
import { createRedisDocRelay } from './scale/redisDocRelay.ts';
import { createRedisEventBus } from './scale/redisEventBus.ts';
import { createRedisLink, type RedisLink } from './scale/redisLink.ts';
import { createRedisThrottleStore } from './scale/redisThrottleStore.ts';
import type { ServiceOptions } from './serviceOptions.ts';
import { createChecksFailing } from './signoff/checksFailing.ts';
import { createSignoffService } from './signoff/signoffService.ts';
import { createSubjectAccessExport } from './subjectAccess/subjectAccessExport.ts';
import { recordSuggestionAuthors } from './suggestions/recordSuggestionAuthors.ts';
import { createSuggestionService } from './suggestions/suggestionService.ts';
import { createViewerSuggestionService } from './suggestions/viewerSuggestionService.ts';

/** Everything the app, the socket and the tests share; built once per process. */
export type Services = Awaited<ReturnType<typeof createServices>>;

export async function createServices(config: Config, options: ServiceOptions = {}) {
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
  // Sign-in brute-force limits (RELIABILITY D31): shared by every process through Redis in scaled mode.
  const signInThrottle = redis ? createRedisThrottleStore(redis, logger) : createMemoryThrottleStore();
  // Entries, comments, invitations and emails per account and organisation (issue 10, RELIABILITY G50): shared the same way.
  const limitStore = redis ? createRedisLimitStore(redis, logger) : createMemoryLimitStore();
  const limits = createActionLimiter(limitStore);
  // Accounts, organisations, two-factor and single sign-on (issue 15): accountServices.ts.
  const {
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
  } = createAccountServices({ config, db: database.db, events, mailer, sessions, limitStore, limits, logger });
  // Built bottom up, each from those below it; the entry view, which reads them all, comes last.
  // A membership change revokes invitations (issue #10 finding 12): invitations build on entries,
  // so entries get the revocations passed in rather than importing them.
  // Notifications (issue 14 item 5): other concerns call notificationCore.notify(trxOrDb, {...}).
  const notificationCore = createNotificationService({ db: database.db, events });
  const entries = createEntryService({ db: database.db, events, invitations: { revokeSentBy, revokeOnRemoval } });
  // Section assignments and comment threads; mention emails go out when SMTP_URL is set.
  // An anchored comment is checked against the entry's document, whose reader is built below with collab.
  const anchorDocs: DocumentSource = { readDocument: (entryId, read) => documents.readDocument(entryId, read) };
  const review = createReviewService({
    db: database.db,
    entries,
    mailer,
    logger,
    limits,
    events,
    documents: anchorDocs,
    notifications: notificationCore,
  });
  const invitations = createInvitationService({
    db: database.db,
    entries,
    events,
    onAddressVerified: organisationMembership.addressVerified,
  });
  // Draft history's automatic versions: the socket notes who wrote in which section; the recorder
  // captures later, through the history service built below once the document reader exists.
  let history: HistoryService | null = null;
  const historyRecorder = createHistoryRecorder({
    tuning: options.historyTuning,
    record: async (entryId, sectionId, actor) => history?.recordAuto(entryId, sectionId, actor),
    logger,
  });
  const collab = createCollabServer({
    config,
    database,
    events,
    sessions,
    entries,
    logger,
    tuning: options.collabTuning,
    relay,
    noteWrites: (entryId, writes) => historyRecorder.note(entryId, writes),
    // Suggestion authors are recorded in the commit; the bells of those notified are told after it.
    storeHooks: {
      inCommit: async (trx, stored) => {
        const notified = await recordSuggestionAuthors(trx, stored);
        return () => notifications.announce(notified);
      },
      inCommitNeeded: (stored) => stored.some(({ batch }) => (batch.suggestions?.length ?? 0) > 0),
    },
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
  // Subject access (issue 18 item 6): a person's own data as one file, limited per account.
  const subjectAccess = createSubjectAccessExport({ db: database.db, documents, limitStore });
  const consents = createConsentService({ db: database.db, entries, events, notificationCore, config, options });
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
    consents,
  });
  // Versions of each section: recorded, named, restored; approvals and submissions by reference.
  history = createHistoryService({
    db: database.db,
    entries,
    readDocument: documents.readDocument,
    exhibitLabels: (entryId) => collab.store.listExhibitLabels(entryId),
    limits,
    events,
    logger,
  });
  // Suggesting mode: who made each suggestion, as recorded from the socket; the marks are in the document.
  const suggestions = createSuggestionService({ db: database.db, entries, documents });
  const viewerSuggestions = createViewerSuggestionService({
    db: database.db,
    entries,
    events,
    writeAs: (entryId, write) => collab.rooms.writeAs(entryId, write),
  });
  // The dashboard's checks failing: the submit conditions' count, kept until the entry changes (I11-17).
  // Notifications, tasks, review requests, the bell's stream and e-mail digests (issue 14 items 5, 6).
  const notifications = {
    ...notificationCore,
    ...createNotificationCentre({
      db: database.db,
      core: notificationCore,
      entries,
      events,
      mailer,
      // Waiting for this organisation: every section approved as it stands, its endorsement not current.
      endorsementWaiting: async (entryId, categoryId, organisationId) => {
        const view = await signoff.view(entryId, await templateOf(database.db, entryId, categoryId));
        const allApproved = [...view.sections.values()].every((s) => s.approval?.contentHash === s.contentHash);
        return allApproved && !view.endorsements.some((e) => e.organisation.id === organisationId && e.current);
      },
      tuning: notificationCentreTuning(config.notificationDigestIntervalMs),
      logger,
    }),
  };
  // Deadlines and their reminders (issue 17 item 2), run by this deployment's durable job queue.
  const retention = createRetention({ db: database.db, config, notificationCore, events, logger });
  const deadlineReminders = await createDeadlineReminders({
    handlers: retention.handlers,
    database,
    databaseUrl: config.databaseUrl ?? null,
    entries,
    events,
    announce: notifications.announce,
    signoff,
    logger,
  });
  const checks = createChecksFailing({
    db: database.db,
    count: async (entryId, userId) => (await signoff.submitConditions(entryId, userId)).issues.length,
    maxEntries: DOCUMENT_SUMMARY_CACHE_ENTRIES,
    day: consents.today,
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
      reviewRequests: (entryId) => notifications.reviewRequestsOf(entryId),
      checksFailing: (entryId, userId, contentHash) => checks.checksFailing(entryId, userId, contentHash),
      countdown: (entryId) => deadlineReminders.deadlines.countdown(entryId),
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
  // Reuse (issue 17 item 3): copying an entry, its document built from the stored one and stored first.
  const entryCopies = createEntryCopyService({
    db: database.db,
    entries,
    store: collab.store,
    entryFilesMaxBytes: config.entryFilesMaxBytes,
  });
  // The organisation's library: approved items kept for reuse, written into entries on a member's behalf.
  const library = createLibraryService({
    db: database.db,
    entries,
    store: collab.store,
    readDocument: documents.readDocument,
    approvedSections: async (entryId, categoryId) => {
      const view = await signoff.view(entryId, await templateOf(database.db, entryId, categoryId));
      return new Set([...view.sections].flatMap(([id, s]) => (s.approval?.contentHash === s.contentHash ? [id] : [])));
    },
    writeAs: (entryId, write) => collab.rooms.writeAs(entryId, write),
    entryFilesMaxBytes: config.entryFilesMaxBytes,
  });
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

  // After submitting (issue 17 items 4 and 5): the outcome and judges' feedback, and "not for publication".
  const outcomes = createOutcomeService({ db: database.db, entries, events });
  const finalist = createFinalistService({ db: database.db, entries, events });
  const publication = createPublicationService({ db: database.db, entries, events });
  // Erasure (issue 18 item 2): a testimonial's subject redacted everywhere, the store rewritten, versions re-attested.
  const erasures = createErasureService({ db: database.db, entries, collab, blobs, notificationCore, events, logger });
  retention.start(deadlineReminders.jobs, erasures); // Retention (issue 18 item 4) erases through it on schedule.

  /** Closes the socket first (it stores and acknowledges what is queued), then the rest. */
  async function close() {
    await collab.close();
    // Sessions of edits still open are kept as versions while the database is still there.
    await historyRecorder.close();
    retention.close();
    await deadlineReminders.close();
    notifications.close();
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
    twoFactor,
    secondFactorGate: secondFactorGate(config, twoFactor),
    accountEmailLimits,
    accountRecovery,
    accountManagement,
    singleSignOn,
    organisationLimits,
    organisationAdministration,
    organisationMembership,
    organisationMoves,
    // An address can be verified only when Jointly can send to it: endorsing needs it then (issue 15).
    emailVerificationRequired: mailer !== null,
    entries,
    // Custom categories (issue 17 item 1): categories/.
    customCategories: createCustomCategoryService({ db: database.db }),
    entryView,
    invitations,
    collab,
    provenance,
    subjectAccess,
    suggestions,
    viewerSuggestions,
    exports,
    files,
    entryCopies,
    library,
    signoff,
    summaries,
    checks,
    review,
    notifications,
    consents,
    history: history as HistoryService,
    deadlines: deadlineReminders.deadlines,
    jobs: deadlineReminders.jobs,
    reminderSweep: deadlineReminders.sweep,
    historyRecorder,
    outcomes,
    finalist,
    publication,
    erasures,
    close,
  };
}
