import { expect } from 'vitest';
import * as Y from 'yjs';
import { createMemoryDocStore } from '../docStore.memory.ts';
import type { DocStore, UpdateBatch } from '../docStore.ts';

// Fixtures for the room's unit tests (room.test.ts, roomWriter.test.ts): a store whose writes the
// test releases by hand, and section text written the way the editor writes it.

/** A store whose appends wait until the test calls `release()`, or fail on demand. */
export function gatedStore() {
  const inner = createMemoryDocStore();
  const gates: { resolve(): void; reject(err: Error): void }[] = [];
  const batches: UpdateBatch[] = [];
  let gated = true;
  const store: DocStore = {
    ...inner,
    async appendUpdates(entryId, batch) {
      batches.push(batch);
      if (gated) {
        await new Promise<void>((resolve, reject) => gates.push({ resolve, reject }));
      }
      return inner.appendUpdates(entryId, batch);
    },
  };
  return {
    store,
    batches,
    inner,
    release: () => gates.shift()?.resolve(),
    failNext: (err = new Error('disk full')) => gates.shift()?.reject(err),
    open: () => {
      gated = false;
      for (const gate of gates.splice(0)) gate.resolve();
    },
    waitForAppends: async (n: number) => {
      while (batches.length < n) await new Promise((r) => setTimeout(r, 2));
    },
  };
}

/**
 * Section text as one run in the section's first paragraph, the way the editor stores it
 * (the room admits only the editor's schema, C-SCHEMA-2); reads every paragraph's text joined.
 */
export function insertText(doc: Y.Doc, index: number, text: string): void {
  doc.transact(() => {
    const fragment = doc.getXmlFragment('section:intro');
    let paragraph = fragment.get(0) as Y.XmlElement | undefined;
    if (!paragraph) {
      paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText()]);
      fragment.insert(0, [paragraph]);
    }
    (paragraph.get(0) as Y.XmlText).insert(index, text);
  });
}

export function readText(doc: Y.Doc): string {
  return doc
    .getXmlFragment('section:intro')
    .toArray()
    .map((paragraph) => ((paragraph as Y.XmlElement).get(0) as Y.XmlText | undefined)?.toString() ?? '')
    .join('');
}

export function edit(clientId: number, text: string) {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  insertText(doc, 0, text);
  return Y.encodeStateAsUpdate(doc);
}

export const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(check()).toBe(true);
};
