import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  openProvider,
  paragraphs,
  type TestProvider,
  waitForDoc,
  whenSynced,
  writeParagraph,
} from '../collab/testing/collabClients.ts';
import { type ChildServer, kill9, startChildServer } from '../test/childServer.ts';
import { addMember, createEntry, signUpUser } from '../test/factories.ts';
import { createTestSchema, freePort, startRedisServer, TEST_REDIS_URL, uniqueRedisPrefix } from './testing.ts';

/** Scaled mode with real server processes: start-up migrations, SIGKILL, a Redis restart (RELIABILITY K). */
describe('scaled mode: server processes', () => {
  const children: ChildServer[] = [];
  const providers: TestProvider[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-scale-'));

  afterEach(async () => {
    for (const provider of providers.splice(0)) provider.destroy();
    await Promise.all(children.splice(0).map((child) => kill9(child)));
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  async function start(env: Record<string, string>) {
    const child = await startChildServer(dataDir, { ...env, LOG_LEVEL: 'info' });
    children.push(child);
    return child;
  }

  it('three processes starting at once on a fresh schema all start, and each migration runs once', async () => {
    const schema = await createTestSchema();
    cleanups.push(() => schema.drop());
    const servers = await Promise.all([1, 2, 3].map(() => start({ DATABASE_URL: schema.url })));
    expect(servers).toHaveLength(3);
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(`select name from ${schema.schema}.kysely_migration`);
      const names = rows.map((r) => r.name);
      expect(names.length).toBeGreaterThan(0);
      expect(new Set(names).size).toBe(names.length);
      for (const server of servers) expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
    } finally {
      await client.end();
    }
  });

  it('RELIABILITY K (SIGKILL): a process killed mid-edit loses no relayed edit; its clients move to the other', async () => {
    const schema = await createTestSchema();
    cleanups.push(() => schema.drop());
    const env = { DATABASE_URL: schema.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix() };
    const [a, b] = await Promise.all([start(env), start(env)]);
    const lead = await signUpUser(a);
    const entryId = (await createEntry(a, lead)).id;
    const writer = await signUpUser(b);
    await addMember(b, lead, entryId, writer, 'contributor');
    const docA = new Y.Doc();
    const onA = openProvider(a, lead, entryId, { doc: docA });
    const onB = openProvider(b, writer, entryId);
    providers.push(onA, onB);
    await Promise.all([whenSynced(onA), whenSynced(onB)]);

    const written: string[] = [];
    for (let i = 0; i < 30; i++) {
      writeParagraph(docA, 'sharing-and-adoption', `a${i}`);
      writeParagraph(onB.doc, 'sharing-and-adoption', `b${i}`);
      written.push(`a${i}`, `b${i}`);
      if (i === 20) await kill9(a); // mid-edit
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // What B's client had received from A by now was relayed: it must survive.
    const relayedFromA = paragraphs(onB.doc, 'sharing-and-adoption').filter((p) => p.startsWith('a'));
    expect(relayedFromA.length).toBeGreaterThan(0);

    // The load balancer sends A's client to B: it pushes whatever A never stored.
    onA.destroy();
    const moved = openProvider(b, lead, entryId, { doc: docA });
    providers.push(moved);
    const hasAll = (doc: Y.Doc) => written.every((text) => paragraphs(doc, 'sharing-and-adoption').includes(text));
    await Promise.all([waitForDoc(docA, hasAll, 'moved client'), waitForDoc(onB.doc, hasAll, 'B client')]);
    expect(paragraphs(docA, 'sharing-and-adoption')).toEqual(paragraphs(onB.doc, 'sharing-and-adoption'));
    for (const text of relayedFromA) expect(paragraphs(onB.doc, 'sharing-and-adoption')).toContain(text);
  });

  it('RELIABILITY K72: Redis restarted (losing everything) mid-edit: processes carry on, resync, nothing lost', async () => {
    const schema = await createTestSchema();
    cleanups.push(() => schema.drop());
    const port = await freePort();
    let redis = await startRedisServer(port);
    cleanups.push(() => redis.stop());
    const env = { DATABASE_URL: schema.url, REDIS_URL: redis.url, REDIS_PREFIX: uniqueRedisPrefix() };
    const [a, b] = await Promise.all([start(env), start(env)]);
    const lead = await signUpUser(a);
    const entryId = (await createEntry(a, lead)).id;
    const writer = await signUpUser(b);
    await addMember(b, lead, entryId, writer, 'contributor');
    const onA = openProvider(a, lead, entryId);
    const onB = openProvider(b, writer, entryId);
    providers.push(onA, onB);
    await Promise.all([whenSynced(onA), whenSynced(onB)]);

    writeParagraph(onA.doc, 'sharing-and-adoption', 'before');
    await waitForDoc(onB.doc, (doc) => paragraphs(doc, 'sharing-and-adoption').includes('before'), 'relay before');

    await redis.stop();
    const written: string[] = ['before'];
    for (let i = 0; i < 10; i++) {
      writeParagraph(onA.doc, 'sharing-and-adoption', `a${i}`);
      writeParagraph(onB.doc, 'sharing-and-adoption', `b${i}`);
      written.push(`a${i}`, `b${i}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Each process still serves its own clients while Redis is down.
    await waitForDoc(onA.doc, (doc) => paragraphs(doc, 'sharing-and-adoption').includes('a9'), 'A alone');
    await new Promise((resolve) => setTimeout(resolve, 500));

    redis = await startRedisServer(port);
    const hasAll = (doc: Y.Doc) => written.every((text) => paragraphs(doc, 'sharing-and-adoption').includes(text));
    await Promise.all([waitForDoc(onA.doc, hasAll, 'A after resync'), waitForDoc(onB.doc, hasAll, 'B after resync')]);
    expect(paragraphs(onA.doc, 'sharing-and-adoption')).toEqual(paragraphs(onB.doc, 'sharing-and-adoption'));
    // And the relay works again for new edits.
    writeParagraph(onB.doc, 'sharing-and-adoption', 'after');
    await waitForDoc(onA.doc, (doc) => paragraphs(doc, 'sharing-and-adoption').includes('after'), 'relay after');
  });
});
