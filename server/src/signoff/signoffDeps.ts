import { type ConsentRecordDto, type EntryStatus, ErrorCode } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type * as Y from 'yjs';
import type { HeldEntryDocument } from '../collab/heldEntryDocument.ts';
import type { Database } from '../db/schema.ts';
import type { DocumentSummaries } from '../documents/documentSummaries.ts';
import type { EntryService } from '../entries/entryService.ts';
import type { EventBus } from '../events/eventBus.ts';
import { conflict } from '../http/HttpError.ts';
import type { ProvenanceService } from '../provenance/provenanceService.ts';

/** What sign-off's journeys (approvals.ts, submissions.ts) are built from; wired in services.ts. */
export type SignoffDeps = {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise' | 'listMembers' | 'activityActor'>;
  provenance: Pick<ProvenanceService, 'getProvenance'>;
  collab: {
    readDocument<T>(entryId: string, read: (doc: Y.Doc) => T): Promise<T>;
    withWritesHeld<T>(entryId: string, run: (doc: Y.Doc, held: HeldEntryDocument) => Promise<T>): Promise<T>;
    entryStatusChanged(entryId: string, status: EntryStatus | null): void;
  };
  /** Section and entry hashes of the document now, kept while it is unchanged (the entry view and dashboard). */
  summaries: Pick<DocumentSummaries, 'summaryOf'>;
  /** Approvals and endorsements are announced to open pages once committed (C-EVENT-2). */
  events: Pick<EventBus, 'publish'>;
  /** Consent records testimonials point to (issue 18 item 1); absent, every such testimonial blocks submit. */
  consents?: {
    /** The entry's records among `ids`, as they stand today (consents/consentService.ts). */
    recordsUsedBy(entryId: string, ids: readonly string[]): Promise<ReadonlyMap<string, ConsentRecordDto>>;
  };
  now?: () => number;
};

/** S-SUBMIT-5: a submitted entry's content and sign-off are frozen until a lead reopens it. */
export const submittedConflict = () =>
  conflict(ErrorCode.entrySubmitted, 'This entry has been submitted. A lead must reopen it before it can change.');
