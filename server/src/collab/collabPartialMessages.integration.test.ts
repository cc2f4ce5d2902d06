import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CloseCode, CloseReason } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { kill9, startChildServer } from '../test/childServer.ts';
import { addMember, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import {
  frames,
  openProvider,
  openRaw,
  paragraphs,
  type RawClient,
  type TestProvider,
  waitForDoc,
  whenSynced,
  worstEventLoopDelay,
  writeParagraph,
} from './testing/collabClients.ts';
import { type CollabTestServer, startCollabTestServer } from './testing/collabTestServer.ts';

const MiB = 1024 * 1024;
/** The time bound under test, short so the suite stays quick (production: PARTIAL_MESSAGE_MAX_MS). */
const PARTIAL_MAX_MS = 1000;

/** Sends `bytes` as a message's fragments of `size` (FIN=0), finishing it only if `finish`. */
function sendFragments(client: RawClient, bytes: Uint8Array, size: number, finish: boolean): void {
  for (let at = 0; at < bytes.length; at += size) {
    const last = at + size >= bytes.length;
    client.ws.send(bytes.subarray(at, at + size), { binary: true, fin: finish && last });
  }
}

/** The y-websocket update message of writing `text` into a new paragraph of `section` of `doc`. */
function paragraphUpdate(doc: Y.Doc, section: string, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  writeParagraph(doc, section, text);
  return frames.update(Y.encodeStateAsUpdate(doc, before));
}

/**
 * Incomplete WebSocket messages are bounded in time and bytes (issue 10
 * finding 13, RELIABILITY A2): `ws` keeps an unfinished message's fragments
 * for as long as the socket answers pings, so a member could hold up to the
 * message limit per socket for ever. Honest messages, however large or
 * fragmented, still pass.
 */
describe('incomplete WebSocket messages', () => {
  let server: CollabTestServer;
  let lead: TestUser;
  let attacker: TestUser;
  let entryId: string;
  let writer: TestProvider;
  let reader: TestProvider;

  beforeAll(async () => {
    server = await startCollabTestServer({
      // Pings twice within the bound: the attacker's client answers them, so only the bound can close it.
      tuning: { partialMessageMaxMs: PARTIAL_MAX_MS, pingIntervalMs: PARTIAL_MAX_MS / 2.5 },
    });
    lead = await signUpUser(server);
    attacker = await signUpUser(server, { organisationName: 'Mallory Ltd', organisationKind: 'supplier' });
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, attacker, 'contributor');
    writer = openProvider(server, lead, entryId);
    reader = openProvider(server, lead, entryId);
    await Promise.all([whenSynced(writer), whenSynced(reader)]);
  });

  afterAll(async () => {
    writer?.destroy();
    reader?.destroy();
    await server?.close();
  });

  async function openSynced(user: TestUser): Promise<RawClient> {
    const client = openRaw(server, user, entryId);
    await client.sync(new Y.Doc());
    return client;
  }

  it('I10-13, A2: a message left unfinished closes its socket 1008 within the bound while it answers pings', async () => {
    const client = await openSynced(attacker);
    let pongs = 0;
    client.ws.on('ping', () => pongs++);
    const started = Date.now();
    sendFragments(
      client,
      paragraphUpdate(new Y.Doc(), 'context-and-evolution', 'never finished '.repeat(10_000)),
      16 * 1024,
      false,
    );
    await waitUntil(() => server.collab.partialMessages.heldBytes(attacker.me.user.id) > 0);
    const closed = await client.closed;
    const elapsed = Date.now() - started;
    expect(closed).toEqual({ code: CloseCode.policyViolation, reason: CloseReason.incompleteMessage });
    expect(pongs).toBeGreaterThan(0);
    expect(elapsed).toBeGreaterThanOrEqual(PARTIAL_MAX_MS - 50);
    // Checked a few times per bound: closed within a third more of it, plus 250 ms for the close to
    // be scheduled and reach the client on a busy two-core machine (1,512 ms once in CI, for 1,333).
    expect(elapsed).toBeLessThan(PARTIAL_MAX_MS * 1.5 + 250);
    expect(server.collab.partialMessages.heldBytes()).toBe(0);
    expect(server.collab.partialMessages.openCount()).toBe(0);
  });

  it('I10-13: twenty sockets of one account hold at most two messages of incomplete bytes', async () => {
    // 19 sockets (the writer and reader belong to the lead, the attacker has 20 slots).
    const clients = await Promise.all(Array.from({ length: 19 }, () => openSynced(attacker)));
    const codes: number[] = [];
    for (const c of clients) void c.closed.then(({ code }) => codes.push(code));
    const chunk = new Uint8Array(64 * 1024).fill(1);
    let peak = 0;
    const worst = await worstEventLoopDelay(async () => {
      // Each socket starts a 7 MiB message (under the 8 MiB limit) and never finishes it.
      for (let i = 0; i < 7 * 16; i++) {
        for (const c of clients) if (c.ws.readyState === c.ws.OPEN) c.ws.send(chunk, { binary: true, fin: false });
        peak = Math.max(peak, server.collab.partialMessages.heldBytes(attacker.me.user.id));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await waitUntil(() => codes.length >= clients.length - 2);
    });
    peak = Math.max(peak, server.collab.partialMessages.heldBytes(attacker.me.user.id));
    expect(peak).toBeLessThanOrEqual(2 * 8 * MiB);
    expect(codes.length).toBeGreaterThanOrEqual(clients.length - 2);
    expect(new Set(codes)).toEqual(new Set([CloseCode.policyViolation]));
    expect(worst).toBeLessThan(100);
    // Everyone else carries on meanwhile.
    writeParagraph(writer.doc, 'context-and-evolution', 'others unaffected');
    await waitForDoc(reader.doc, (doc) => paragraphs(doc, 'context-and-evolution').includes('others unaffected'));
    // The survivors are closed by the time bound, and nothing stays counted.
    await Promise.all(clients.map((c) => c.closed));
    expect(server.collab.partialMessages.heldBytes()).toBe(0);
  });

  it('A2: many tiny fragments never completed close with 1008 (ws maxFragments)', async () => {
    const client = await openSynced(attacker);
    sendFragments(client, new Uint8Array(20_000).fill(1), 1, false);
    expect((await client.closed).code).toBe(CloseCode.policyViolation);
  });
});

describe('honest large messages', () => {
  let server: CollabTestServer;
  let lead: TestUser;
  let partner: TestUser;
  let entryId: string;
  let reader: TestProvider;

  beforeAll(async () => {
    // Default pings: applying a paste of megabytes may hold the loop longer than the other suite's 200 ms.
    server = await startCollabTestServer({ tuning: { partialMessageMaxMs: PARTIAL_MAX_MS } });
    lead = await signUpUser(server);
    partner = await signUpUser(server, { organisationKind: 'supplier' });
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, partner, 'contributor');
    reader = openProvider(server, lead, entryId);
    await whenSynced(reader);
  });

  afterAll(async () => {
    reader?.destroy();
    await server?.close();
  });

  it('I10-13: an honest paste in many fragments arrives, and after the bound the socket is still open', async () => {
    // One document, so one client id, as an editor sends them.
    const doc = new Y.Doc();
    const client = openRaw(server, partner, entryId);
    await client.sync(doc);
    const text = 'fragmented paste '.repeat(200); // 3.4 kB: inside the section's size limit
    sendFragments(client, paragraphUpdate(doc, 'value-and-testimonials', text), 100, true);
    await waitForDoc(reader.doc, (doc) => paragraphs(doc, 'value-and-testimonials').includes(text), 'the paste');
    await new Promise((resolve) => setTimeout(resolve, PARTIAL_MAX_MS * 1.5));
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    expect(server.collab.partialMessages.heldBytes()).toBe(0);
    client.ws.close();
  });

  it('I10-13: a message of megabytes, fragmented or whole, reaches the room whole (its verdict is about content)', async () => {
    // Larger than any section may hold, so the room refuses it: but for what it says, not as held bytes.
    for (const fragmentBytes of [256 * 1024, 0]) {
      const doc = new Y.Doc();
      const client = openRaw(server, partner, entryId);
      await client.sync(doc);
      const message = paragraphUpdate(doc, 'value-and-testimonials', 'megabytes '.repeat(400_000)); // 4 MB
      if (fragmentBytes) sendFragments(client, message, fragmentBytes, true);
      else client.send(message);
      const closed = await client.closed;
      expect(closed.code).not.toBe(CloseCode.messageTooBig);
      expect([CloseReason.incompleteMessage, CloseReason.incompleteBytes]).not.toContain(closed.reason);
      expect(server.collab.partialMessages.heldBytes()).toBe(0);
    }
  });
});

describe('incomplete WebSocket messages in a separate server process', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('I10-13: the resident memory of the server does not grow with twenty sockets holding 7 MiB each', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-partial-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const child = await startChildServer(dataDir);
    cleanups.push(() => kill9(child));
    const lead = await signUpUser(child);
    const attacker = await signUpUser(child, { organisationKind: 'supplier' });
    const entryId = (await createEntry(child, lead)).id;
    await addMember(child, lead, entryId, attacker, 'contributor');
    const clients = Array.from({ length: 20 }, () => openRaw(child, attacker, entryId));
    cleanups.push(() => {
      for (const c of clients) c.ws.terminate();
    });
    await Promise.all(clients.map((c) => c.sync(new Y.Doc())));
    const before = residentBytes(child.process.pid!);

    const chunk = new Uint8Array(64 * 1024).fill(1);
    for (let i = 0; i < 7 * 16; i++) {
      for (const c of clients) if (c.ws.readyState === c.ws.OPEN) c.ws.send(chunk, { binary: true, fin: false });
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Everything sent has reached the server (or its socket was closed).
    await waitUntil(() => clients.every((c) => c.ws.bufferedAmount === 0 || c.ws.readyState !== c.ws.OPEN));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const grown = residentBytes(child.process.pid!) - before;
    // Measured here: unbounded, RSS grew 153 MiB (20 × 7 MiB held); bounded, about 70 MiB: two messages
    // (14 MiB) plus what the refused sockets brought before they were stopped, garbage until the next
    // collection, and the allocator's slack.
    expect(grown).toBeLessThan(100 * MiB);
  });
});

function residentBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kib * 1024;
}

async function waitUntil(predicate: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
