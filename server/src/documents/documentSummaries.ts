import {
  countWords,
  documentSectionHash,
  entryContentHash,
  readSuggestions,
  sectionFragmentIn,
  sectionPlainText,
} from '@jointly/shared';
import type { Kysely } from 'kysely';
import type * as Y from 'yjs';
import { lastStoredUpdateId } from '../collab/storedDocumentReads.ts';
import type { Database } from '../db/schema.ts';
import type { DocumentSource } from './documentReader.ts';

/** What the dashboard and the entry view show of a document: per-section words and hashes, the entry's hash. */
export type DocumentSummary = {
  words: ReadonlyMap<string, number>;
  sectionHashes: ReadonlyMap<string, string>;
  contentHash: string;
  /** The pending suggestions (issue 14), as one string that changes when any is added or settled; '' for none. */
  suggestionsKey: string;
};

/** One read of the document for everything the summary holds. */
export function summariseDocument(doc: Y.Doc, sectionIds: readonly string[]): DocumentSummary {
  const words = new Map<string, number>();
  const sectionHashes = new Map<string, string>();
  for (const sectionId of sectionIds) {
    const fragment = sectionFragmentIn(doc, sectionId);
    words.set(sectionId, fragment ? countWords(sectionPlainText(fragment)) : 0);
    sectionHashes.set(sectionId, documentSectionHash(doc, sectionId));
  }
  const suggestionsKey = readSuggestions(doc, sectionIds)
    .map((s) => `${s.sectionId}:${s.kind}:${s.id}`)
    .sort()
    .join(' ');
  return { words, sectionHashes, contentHash: entryContentHash(doc, sectionIds), suggestionsKey };
}

/**
 * Which state of a document a summary was made from: the live room's document
 * (by its change counter, so a cached summary does not keep a freed document)
 * and the changes it had seen, or (no room loaded) the last stored update id,
 * which every stored write raises and compaction keeps.
 */
type Version = { live: ChangeCounter | null; at: number };
type ChangeCounter = { changes: number };

type Cached = { version: Version; sections: string; summary: DocumentSummary };

/** Changes seen by each live document since this module first looked at it. */
const changeCounters = new WeakMap<Y.Doc, ChangeCounter>();

function changeCounterOf(doc: Y.Doc): ChangeCounter {
  let counter = changeCounters.get(doc);
  if (!counter) {
    const created: ChangeCounter = { changes: 0 };
    // Yjs emits 'update' for every transaction that changed the document (inserts and deletions).
    doc.on('update', () => created.changes++);
    changeCounters.set(doc, created);
    counter = created;
  }
  return counter;
}

export type DocumentSummaries = ReturnType<typeof createDocumentSummaries>;

/**
 * Per-entry document summaries, kept while the document is unchanged (issue 10
 * finding 8): the dashboard and the entry view cost a version lookup per entry
 * instead of loading and walking every document on every request. A summary is
 * made again only after the document changed (the live room saw a change, or
 * the store holds a newer update), so it is never stale. Bounded LRU; per
 * process (in scaled mode the version comes from the shared store, so every
 * process sees another's writes).
 */
export function createDocumentSummaries(deps: {
  db: Kysely<Database>;
  documents: DocumentSource;
  /** The entry's live room document, or null when no room is loaded (never loads one). */
  liveDocument(entryId: string): Y.Doc | null;
  maxEntries: number;
}) {
  const cache = new Map<string, Cached>();
  const making = new Map<string, { version: Version; sections: string; summary: Promise<DocumentSummary> }>();
  const storedVersions = new Map<string, Promise<number>>();
  let made = 0;

  /** The last stored update id; concurrent asks for one entry (the entry view asks twice) share one query. */
  function storedVersionOf(entryId: string): Promise<number> {
    let query = storedVersions.get(entryId);
    if (!query) {
      query = lastStoredUpdateId(deps.db, entryId).finally(() => storedVersions.delete(entryId));
      storedVersions.set(entryId, query);
    }
    return query;
  }

  async function versionOf(entryId: string): Promise<Version> {
    const live = deps.liveDocument(entryId);
    if (live) {
      const counter = changeCounterOf(live);
      return { live: counter, at: counter.changes };
    }
    return { live: null, at: await storedVersionOf(entryId) };
  }

  const sameVersion = (a: Version, b: Version) => a.live === b.live && a.at === b.at;

  function remember(entryId: string, entry: Cached): void {
    cache.delete(entryId);
    cache.set(entryId, entry);
    if (cache.size > deps.maxEntries) cache.delete(cache.keys().next().value as string);
  }

  /** The summary of the entry's document now, over the template's `sectionIds`. */
  async function summaryOf(entryId: string, sectionIds: readonly string[]): Promise<DocumentSummary> {
    const sections = sectionIds.join('\n');
    const version = await versionOf(entryId);
    const cached = cache.get(entryId);
    if (cached && cached.sections === sections && sameVersion(cached.version, version)) {
      remember(entryId, cached);
      return cached.summary;
    }
    // Concurrent requests for one unchanged document share one read.
    const pending = making.get(entryId);
    if (pending && pending.sections === sections && sameVersion(pending.version, version)) return pending.summary;
    const summary = deps.documents.readDocument(entryId, (doc) => summariseDocument(doc, sectionIds));
    making.set(entryId, { version, sections, summary });
    try {
      const result = await summary;
      made++;
      // A stored version is kept only if the read was of the store too: a room loaded meanwhile may hold
      // changes not yet stored (and lost if storing fails), which that version does not cover.
      if (version.live !== null || deps.liveDocument(entryId) === null) {
        remember(entryId, { version, sections, summary: result });
      }
      return result;
    } finally {
      if (making.get(entryId)?.summary === summary) making.delete(entryId);
    }
  }

  return {
    summaryOf,
    /** Summaries made by reading a document since start (tests: reads that the cache did not answer). */
    get made(): number {
      return made;
    },
  };
}
