import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProvider, type TestProvider, waitForDoc, whenSynced } from '../collab/testing/collabClients.ts';
import { createTestSchema, eventually, TEST_REDIS_URL, uniqueRedisPrefix } from '../scale/testing.ts';
import { post, type SignoffFixture, validEntry } from '../signoff/testing/signoffFixtures.ts';
import { addMember, api, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { outlineParagraphs, refusedWritesOf, storedOutline, writeOutlineParagraph } from './testing/finalistOutline.ts';

/**
 * C-WRITE-5 in scaled mode: two processes on one PostgreSQL schema and one Redis prefix. An outline
 * edit made through process B reaches a client of process A, and the outcome recorded through A
 * closes the outline in B's room too (the `outcome` event crosses through Redis).
 */
describe('the finalist outline across two processes', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let a: TestServer;
  let b: TestServer;
  let f: SignoffFixture;
  let contributor: TestUser;
  const providers: TestProvider[] = [];

  const open = async (server: TestServer, who: TestUser) => {
    const provider = openProvider(server, who, f.entryId);
    providers.push(provider);
    await whenSynced(provider);
    return provider;
  };
  const outcome = (stage: string) =>
    api(a, f.lead, 'PUT', `/api/entries/${f.entryId}/outcome`, { stage, portalSubmittedOn: null, feedback: '' });

  beforeAll(async () => {
    schema = await createTestSchema();
    const env = { DATABASE_URL: schema.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix() };
    [a, b] = await Promise.all([startTestServer(env), startTestServer(env)]);
    f = await validEntry(a, (p) => providers.push(p));
    const partner = f.partner.me.organisation;
    contributor = await signUpUser(b, { organisationName: partner.name, organisationKind: partner.kind });
    await addMember(a, f.lead, f.entryId, contributor, 'contributor');
    expect((await post(a, f.lead, `/api/entries/${f.entryId}/submit`)).status).toBe(201);
    expect((await outcome('finalist')).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    for (const p of providers.splice(0)) p.destroy();
    await Promise.allSettled([a?.close(), b?.close()]);
    await schema?.drop();
  });

  it('an outline edit through B reaches a client of A and is stored once', async () => {
    const onA = await open(a, f.lead);
    const onB = await open(b, contributor);
    writeOutlineParagraph(onB.doc, 'Written through B');
    await waitForDoc(onA.doc, (doc) => outlineParagraphs(doc).includes('Written through B'), 'relayed to A');
    expect(await storedOutline(a, f.entryId)).toEqual(['Written through B']);
  });

  it('the outcome recorded through A closes the outline in B: a write there is refused, nothing stored', async () => {
    const onB = await open(b, contributor);
    expect((await outcome('highly_commended')).status).toBe(200);
    await eventually(() => b.collab.rooms.get(f.entryId)?.finalistOpen === false, "B's room sees the stage closed");
    const before = (await b.collab.store.loadDocument(f.entryId)).updates.length;
    writeOutlineParagraph(onB.doc, 'After the ceremony');
    await eventually(() => refusedWritesOf(b, f.entryId, contributor.me.user.id) > 0, 'the refusal on B');
    expect((await b.collab.store.loadDocument(f.entryId)).updates.length).toBe(before);
    expect(await storedOutline(b, f.entryId)).toEqual(['Written through B']);
  });
});
