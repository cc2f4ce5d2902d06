import type { SectionHistoryDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventOf,
  openProvider,
  openRaw,
  type RawClient,
  type TestProvider,
  whenSynced,
  writeParagraph,
} from '../collab/testing/collabClients.ts';
import { createTestSchema, eventually, TEST_REDIS_URL, uniqueRedisPrefix } from '../scale/testing.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

const TUNING = { quietMs: 300, maxSessionMs: 60_000, minIntervalMs: 1_000, sweepMs: 50 };

/**
 * Draft history in scaled mode (two processes on one PostgreSQL schema and one Redis prefix):
 * each process keeps the sessions of the writers connected to it, the versions are one history
 * read through either process, and the `history` event reaches sockets on the other one.
 */
describe('draft history across two processes', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let a: TestServer;
  let b: TestServer;
  let lead: TestUser;
  let partner: TestUser;
  let entryId: string;
  const providers: TestProvider[] = [];
  const raws: RawClient[] = [];

  beforeAll(async () => {
    schema = await createTestSchema();
    const env = { DATABASE_URL: schema.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix() };
    [a, b] = await Promise.all([startTestServer(env, { history: TUNING }), startTestServer(env, { history: TUNING })]);
    lead = await signUpUser(a);
    partner = await signUpUser(b, { organisationKind: 'supplier' });
    entryId = (await createEntry(a, lead)).id;
    await addMember(a, lead, entryId, partner, 'contributor');
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    for (const r of raws) r.ws.close();
    await Promise.allSettled([a?.close(), b?.close()]);
    await schema?.drop();
  });

  const history = async (server: TestServer, sectionId: string) =>
    (await (
      await api(server, lead, 'GET', `/api/entries/${entryId}/sections/${sectionId}/history`)
    ).json()) as SectionHistoryDto;

  it('each process records its own writers; one history; the event crosses processes', async () => {
    const onA = openProvider(a, lead, entryId);
    const onB = openProvider(b, partner, entryId);
    providers.push(onA, onB);
    await Promise.all([whenSynced(onA), whenSynced(onB)]);
    const listener = openRaw(b, lead, entryId, { query: '?events=1' });
    raws.push(listener);
    await listener.opened;
    const heard = listener.next((bytes) => eventOf(bytes)?.kind === 'history', 'history event on the other process');

    writeParagraph(onA.doc, 'context-and-evolution', 'Written through process A.');
    writeParagraph(onB.doc, 'benefits-and-outcomes', 'Written through process B.');
    expect(eventOf(await heard)?.kind).toBe('history');

    for (const [sectionId, writer] of [
      ['context-and-evolution', lead],
      ['benefits-and-outcomes', partner],
    ] as const) {
      await eventually(async () => (await history(a, sectionId)).versions.length > 0, `a version of ${sectionId}`);
      const [fromA, fromB] = [await history(a, sectionId), await history(b, sectionId)];
      expect(fromB).toEqual(fromA);
      // Recorded once, by the process its writer is connected to: the other never saw that session.
      expect(fromA.versions.map((v) => [v.kind, v.by.userId])).toEqual([['auto', writer.me.user.id]]);
    }
  });
});
