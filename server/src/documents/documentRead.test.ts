import {
  collectMalformed,
  countWords,
  entryContentHash,
  readEvidence,
  readTestimonials,
  sectionCitations,
  sectionContentHash,
  sectionFragmentIn,
  sectionPlainText,
} from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readSectionBlocks } from '../exports/sectionBlocks.ts';
import type { Logger } from '../logger.ts';
import { charactersByClient } from '../provenance/charactersByClient.ts';
import { createDocumentReader } from './documentReader.ts';
import { BASE_WORDS, MALFORMED_SHAPES, malformedUpdates, SECTION, TESTIMONIAL_ID } from './testing/malformedShapes.ts';

/**
 * Issue 10 finding 3 (RELIABILITY I61), one level down from the HTTP test
 * beside it: every document reader, shared (word counts, hashes, citations,
 * items) and server-only (export blocks, provenance characters), reads each
 * malformed shape without throwing, keeps what is readable, and reports what
 * it skipped to collectMalformed.
 */

function docOf(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

function readEverything(doc: Y.Doc) {
  const fragment = sectionFragmentIn(doc, SECTION);
  const testimonials = doc.share.has('testimonials') ? doc.getMap('testimonials') : null;
  return {
    words: fragment ? countWords(sectionPlainText(fragment)) : 0,
    sectionHash: fragment ? sectionContentHash(fragment) : null,
    entryHash: entryContentHash(doc, [SECTION]),
    citations: fragment ? sectionCitations(fragment) : [],
    blocks: fragment ? readSectionBlocks(fragment, () => null) : [],
    characters: charactersByClient(doc),
    testimonials: testimonials ? readTestimonials(testimonials) : [],
    evidence: doc.share.has('evidence') ? readEvidence(doc.getMap('evidence')) : [],
  };
}

describe('issue 10 finding 3: readers of a malformed document', () => {
  for (const shape of MALFORMED_SHAPES) {
    it(`I61: ${shape.name}: read without throwing, readable parts kept, the rest reported`, () => {
      const doc = docOf(malformedUpdates(shape));
      const { value, problems } = collectMalformed(() => readEverything(doc));
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.length).toBeLessThanOrEqual(20);
      if (shape.keepsBase) {
        expect(value.words).toBe(BASE_WORDS);
        expect(value.testimonials.find((t) => t.id === TESTIMONIAL_ID)?.quote).toBe('It helped.');
      } else {
        expect(value.words).toBe(0);
      }
    });
  }

  it('I61: a well-formed document reports nothing', () => {
    const doc = docOf(malformedUpdates({ name: 'none', keepsBase: true, write: () => {} }));
    const { value, problems } = collectMalformed(() => readEverything(doc));
    expect(problems).toEqual([]);
    expect(value.words).toBe(BASE_WORDS);
  });

  it('I61: reading does not define absent sections or collections in the document', () => {
    const doc = new Y.Doc();
    expect(entryContentHash(doc, [SECTION])).toMatch(/^[0-9a-f]{64}$/);
    expect([...doc.share.keys()]).toEqual([]);
  });

  it('I61: the server reader logs what was skipped at warn once per entry, with the entry id, and no text', async () => {
    const docs = new Map([
      ['broken', docOf(malformedUpdates(MALFORMED_SHAPES[0]!))],
      ['fine', docOf(malformedUpdates({ name: 'none', keepsBase: true, write: () => {} }))],
    ]);
    const warnings: [string, Record<string, unknown> | undefined][] = [];
    const logger: Logger = {
      debug() {},
      info() {},
      error() {},
      warn: (message, fields) => warnings.push([message, fields]),
    };
    const reader = createDocumentReader({ readDocument: async (id, read) => read(docs.get(id)!) }, logger);
    const wordsOf = (doc: Y.Doc) => countWords(sectionPlainText(sectionFragmentIn(doc, SECTION)!));
    expect(await reader.readDocument('broken', wordsOf)).toBe(BASE_WORDS);
    expect(await reader.readDocument('broken', wordsOf)).toBe(BASE_WORDS);
    expect(await reader.readDocument('fine', wordsOf)).toBe(BASE_WORDS);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]![1]).toMatchObject({ entryId: 'broken', problems: ['a section holds a raw string'] });
    expect(JSON.stringify(warnings)).not.toContain('secret raw text');
  });
});
