import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { V1_HOSTILE_UPDATES, YJS_687_MERGE_V2_POC } from './testing/hostilePayloads.ts';
import { createUpdateValidator } from './updateValidator.ts';

describe('UpdateValidator', () => {
  // Every update through the worker here; the inline path is compared with it below.
  const validator = createUpdateValidator({ timeoutMs: 2000, workers: 1, inlineMaxBytes: 0 });
  const inline = createUpdateValidator({ workers: 1, inlineMaxBytes: Number.MAX_SAFE_INTEGER });
  afterAll(async () => {
    await validator.close();
    await inline.close();
  });

  it('C-SYNC-4: returns the client ids and clock ranges an update writes under', async () => {
    const doc = new Y.Doc();
    doc.clientID = 4242;
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getText('section:a').insert(0, 'abc');
    doc.getText('section:a').insert(3, 'def');
    const result = await validator.validate(updates[1]!);
    expect(result).toMatchObject({ ok: true, clients: [{ client: 4242, clock: 3, end: 6 }] });
    const whole = await validator.validate(Y.encodeStateAsUpdate(doc));
    expect(whole).toMatchObject({ ok: true, clients: [{ client: 4242, clock: 0, end: 6 }] });
    expect(await validator.validate(new Uint8Array([0, 0]))).toMatchObject({ ok: true, clients: [] });
  });

  it('C-SYNC-4: summarises every struct: its id, what it hangs from, its key and its content', async () => {
    const doc = new Y.Doc({ gc: false });
    doc.clientID = 77;
    doc.transact(() => {
      const paragraph = new Y.XmlElement('heading');
      paragraph.setAttribute('level', 3 as unknown as string);
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      text.insert(0, 'hi', { bold: {} });
      doc.getXmlFragment('section:a').insert(0, [paragraph]);
    });
    doc.getXmlFragment('section:a').insert(1, [new Y.XmlElement('paragraph')]);
    doc.getXmlFragment('section:a').delete(1, 1);
    // Large enough for the worker, small enough inline: both paths give the same summary.
    for (const inlineMaxBytes of [0, 1 << 20]) {
      const local = createUpdateValidator({ workers: 1, inlineMaxBytes });
      try {
        const result = await local.validate(Y.encodeStateAsUpdate(doc));
        if (!result.ok) throw new Error(result.message);
        const contents = result.summary.structs.map((s) => s.content);
        expect(contents).toContainEqual({ k: 'type', t: 'xmlElement', node: 'heading' });
        expect(contents).toContainEqual({ k: 'any', values: [3] });
        expect(contents).toContainEqual({ k: 'format', key: 'bold', value: {} });
        expect(result.summary.structs.find((s) => s.content.k === 'type')?.parent).toBe('section:a');
        expect(result.summary.deletes.length).toBeGreaterThan(0);
      } finally {
        await local.close();
      }
    }
  });

  it('C-SYNC-4: garbage, truncated updates and trailing bytes are invalid', async () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello');
    const update = Y.encodeStateAsUpdate(doc);
    for (const bad of [
      new Uint8Array([1, 2, 3, 4, 5]),
      update.slice(0, update.length - 3),
      Uint8Array.from([...update, 7]),
      YJS_687_MERGE_V2_POC,
      ...V1_HOSTILE_UPDATES,
    ]) {
      for (const path of [validator, inline]) {
        const result = await path.validate(bad);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.failure).toBe('invalid');
      }
    }
  });

  it('C-SYNC-4: a decode that runs past the limit is terminated, and the next one works', async () => {
    const hanging = createUpdateValidator({
      timeoutMs: 200,
      workers: 1,
      inlineMaxBytes: 0,
      workerSource: `
        const { parentPort } = require('node:worker_threads');
        parentPort.on('message', (job) => {
          if (job.bytes.length === 1) for (;;) {}
          parentPort.postMessage({ id: job.id, ok: true, summary: { structs: [], deletes: [] } });
        });
        parentPort.postMessage({ ready: true });`,
    });
    try {
      const started = performance.now();
      const result = await hanging.validate(new Uint8Array([9]));
      expect(result).toMatchObject({ ok: false, failure: 'timeout' });
      expect(performance.now() - started).toBeLessThan(1500);
      expect(hanging.restarts).toBe(1);
      expect(await hanging.validate(new Uint8Array([0, 0]))).toMatchObject({ ok: true, clients: [] });
    } finally {
      await hanging.close();
    }
  });

  it('C-SYNC-4: random byte flips of a valid update are decided quickly, one way or the other', async () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('section:a');
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    fragment.insert(0, [paragraph]);
    paragraph.insert(0, [text]);
    text.insert(0, 'A partnership of five years', { bold: true });
    doc.getMap('testimonials').set('t1', new Y.Map([['quote', 'hello']]));
    const update = Y.encodeStateAsUpdate(doc);
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const started = performance.now();
    for (let i = 0; i < 300; i++) {
      const flipped = update.slice();
      for (let f = 0; f < 1 + Math.floor(random() * 3); f++) {
        flipped[Math.floor(random() * flipped.length)] = Math.floor(random() * 256);
      }
      const result = await validator.validate(flipped);
      expect(result.ok || result.failure === 'invalid').toBe(true);
      // The inline decode (small updates) decides exactly as the worker does.
      const decidedInline = await inline.validate(flipped);
      expect(decidedInline.ok).toBe(result.ok);
      if (result.ok && decidedInline.ok) expect(decidedInline.clients).toEqual(result.clients);
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('answers closed after close', async () => {
    const closing = createUpdateValidator({ workers: 1, inlineMaxBytes: 0 });
    await closing.close();
    expect(await closing.validate(new Uint8Array([0, 0]))).toMatchObject({ ok: false, failure: 'closed' });
  });
});
