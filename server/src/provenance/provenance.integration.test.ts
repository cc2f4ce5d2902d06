import {
  CloseCode,
  ErrorCode,
  EVIDENCE_MAP,
  type ItemCollection,
  type ProvenanceDto,
  TESTIMONIALS_MAP,
} from '@jointly/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  openProvider,
  type TestProvider,
  WAIT_MS,
  whenSynced,
  writeParagraph,
} from '../collab/testing/collabClients.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * GET /api/entries/:id/provenance against a real server, real SQLite and
 * unmodified y-websocket clients (PRODUCT §5; COLLAB_PROTOCOL C-PROV rules):
 * provenance comes from the authenticated connection, never from the document.
 */

type Who = 'lead' | 'contributor' | 'viewer' | 'outsider';

describe('provenance', () => {
  let server: TestServer;
  const people = {} as Record<Who, TestUser>;
  const providers: TestProvider[] = [];

  beforeAll(async () => {
    server = await startTestServer({}, { tuning: { roomUnloadGraceMs: 50 } });
    [people.lead, people.contributor, people.viewer, people.outsider] = await Promise.all([
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'third_sector' }),
      signUpUser(server, { organisationKind: 'nhs_trust' }),
    ]);
  });
  afterEach(() => {
    for (const provider of providers.splice(0)) provider.destroy();
  });
  afterAll(() => server?.close());

  /** A fresh entry led by `lead`, with the contributor and viewer as members. */
  async function newEntry(): Promise<string> {
    const entryId = (await createEntry(server, people.lead)).id;
    await addMember(server, people.lead, entryId, people.contributor, 'contributor');
    await addMember(server, people.lead, entryId, people.viewer, 'viewer');
    return entryId;
  }

  async function connect(user: TestUser, entryId: string): Promise<TestProvider> {
    const provider = openProvider(server, user, entryId);
    providers.push(provider);
    await whenSynced(provider);
    return provider;
  }

  const getProvenance = (user: TestUser | null, entryId: string) =>
    api(server, user, 'GET', `/api/entries/${entryId}/provenance`);

  /** Polls the endpoint until `ready` holds (writes are recorded when their batch commits). */
  async function provenanceWhen(entryId: string, ready: (p: ProvenanceDto) => boolean): Promise<ProvenanceDto> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const response = await getProvenance(people.lead, entryId);
      expect(response.status).toBe(200);
      const body = (await response.json()) as ProvenanceDto;
      if (ready(body)) return body;
      if (Date.now() > deadline) throw new Error(`provenance never got ready: ${JSON.stringify(body)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Adds an item as the app does (ids of 8 or more characters, ITEM_ID_PATTERN); `title` is written
   * as a testimonial's `quote`, its own field (C-SCHEMA-2).
   */
  function addItem(doc: Y.Doc, collection: ItemCollection, itemId: string, fields: Record<string, unknown>): void {
    doc.transact(() => {
      const item = new Y.Map<unknown>();
      for (const [key, value] of Object.entries(fields)) {
        item.set(collection === TESTIMONIALS_MAP && key === 'title' ? 'quote' : key, value);
      }
      doc.getMap(collection).set(itemId, item);
    });
  }

  const actorOf = (user: TestUser) => ({
    userId: user.me.user.id,
    name: user.me.user.name,
    organisation: { id: user.me.organisation.id, name: user.me.organisation.name },
  });

  it('C-PROV-1, C-SCHEMA-2: a client writing `createdBy: <someone else>` into an item is refused; who created it stands', async () => {
    const entryId = await newEntry();
    const contributor = await connect(people.contributor, entryId);
    addItem(contributor.doc, TESTIMONIALS_MAP, 'forgedauthor', { quote: 'They listened.' });
    await provenanceWhen(entryId, (p) => p.items.length === 1);
    const closed = new Promise<number>((resolve) =>
      contributor.on('connection-close', (event: { code: number } | null) => resolve(event?.code ?? 0)),
    );
    // Authorship is not a field of an item: the whole update is refused and nothing of it stored.
    (contributor.doc.getMap(TESTIMONIALS_MAP).get('forgedauthor') as Y.Map<unknown>).set('createdBy', 'nobody');
    expect(await closed).toBe(CloseCode.updateRefused);
    contributor.destroy();
    const body = await provenanceWhen(entryId, (p) => p.items.length === 1);
    expect(body.items).toEqual([
      {
        itemId: 'forgedauthor',
        collection: TESTIMONIALS_MAP,
        label: 'E1',
        created: { actor: actorOf(people.contributor), at: expect.any(String) },
        changes: [],
        deleted: null,
      },
    ]);
    expect(body.register.map((row) => row.actor.userId)).toEqual([people.contributor.me.user.id]);
  });

  it('C-PROV-1, C-PROV-3: two organisations adding items at the same time are each recorded with the right person and organisation', async () => {
    const entryId = await newEntry();
    const [lead, contributor] = await Promise.all([
      connect(people.lead, entryId),
      connect(people.contributor, entryId),
    ]);
    for (let i = 0; i < 3; i++) {
      addItem(lead.doc, i % 2 ? EVIDENCE_MAP : TESTIMONIALS_MAP, `lead-item-${i}`, { title: `lead ${i}` });
      addItem(contributor.doc, i % 2 ? TESTIMONIALS_MAP : EVIDENCE_MAP, `partner-item-${i}`, { title: `partner ${i}` });
    }
    const body = await provenanceWhen(entryId, (p) => p.items.length === 6);
    for (const item of body.items) {
      const creator = item.itemId.startsWith('lead') ? people.lead : people.contributor;
      expect(item.created?.actor).toEqual(actorOf(creator));
      expect(item.created?.actor.organisation.id).toBe(creator.me.organisation.id);
      expect(item.deleted).toBeNull();
    }
    expect(people.lead.me.organisation.id).not.toBe(people.contributor.me.organisation.id);
    expect(body.items.map((i) => i.label).sort()).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6']);
    const register = new Map(body.register.map((row) => [row.actor.userId, row]));
    expect(register.get(people.lead.me.user.id)?.items.sort()).toEqual(['lead-item-0', 'lead-item-1', 'lead-item-2']);
    expect(register.get(people.contributor.me.user.id)?.items.sort()).toEqual([
      'partner-item-0',
      'partner-item-1',
      'partner-item-2',
    ]);
    expect(register.get(people.contributor.me.user.id)?.actor.organisation.id).toBe(
      people.contributor.me.organisation.id,
    );
  });

  it('C-PROV-6, C-PROV-4: a deletion is attributed to the person who deleted the item, whose label is not reused', async () => {
    const entryId = await newEntry();
    const [lead, contributor] = await Promise.all([
      connect(people.lead, entryId),
      connect(people.contributor, entryId),
    ]);
    addItem(lead.doc, EVIDENCE_MAP, 'doomed-item', { title: 'Waiting times' });
    await provenanceWhen(entryId, (p) => p.items.length === 1);
    const map = contributor.doc.getMap(EVIDENCE_MAP);
    await new Promise<void>((resolve) => {
      if (map.has('doomed-item')) resolve();
      else map.observe(() => map.has('doomed-item') && resolve());
    });
    map.delete('doomed-item');
    await provenanceWhen(entryId, (p) => p.items[0]?.deleted !== null);
    addItem(lead.doc, TESTIMONIALS_MAP, 'after-item', { quote: 'next' });
    const body = await provenanceWhen(entryId, (p) => p.items.length === 2);
    expect(body.items.map((i) => [i.itemId, i.label])).toEqual([
      ['doomed-item', 'E1'],
      ['after-item', 'E2'],
    ]);
    expect(body.items[0]!.created?.actor).toEqual(actorOf(people.lead));
    expect(body.items[0]!.deleted?.actor).toEqual(actorOf(people.contributor));
    expect(body.items[0]!.changes).toEqual([]);
  });

  it('C-PROV-3, C-PROV-4: labels stay unique, gapless and in creation order when many clients create items at once', async () => {
    const entryId = await newEntry();
    const clients = await Promise.all(
      [people.lead, people.contributor, people.lead, people.contributor, people.lead].map((u) => connect(u, entryId)),
    );
    const perClient = 4;
    clients.forEach((client, c) => {
      for (let i = 0; i < perClient; i++) {
        addItem(client.doc, (c + i) % 2 ? EVIDENCE_MAP : TESTIMONIALS_MAP, `client${c}-item${i}`, {
          title: `${c}/${i}`,
        });
      }
    });
    const n = clients.length * perClient;
    const body = await provenanceWhen(entryId, (p) => p.items.length === n);
    expect(body.items.map((i) => i.label)).toEqual(Array.from({ length: n }, (_, i) => `E${i + 1}`));
    // Within each client, items were created in order, so their numbers rise in that order.
    const numberOf = new Map(body.items.map((i) => [i.itemId, Number(i.label.slice(1))]));
    clients.forEach((_, c) => {
      const numbers = Array.from({ length: perClient }, (_, i) => numberOf.get(`client${c}-item${i}`)!);
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    });

    // A deleted item keeps its label; the next item gets the next number, not the freed one.
    clients[1]!.doc.getMap(EVIDENCE_MAP).delete('client1-item0');
    await provenanceWhen(entryId, (p) => p.items.some((i) => i.itemId === 'client1-item0' && i.deleted !== null));
    addItem(clients[2]!.doc, TESTIMONIALS_MAP, 'late-item', { title: 'late' });
    const after = await provenanceWhen(entryId, (p) => p.items.length === n + 1);
    expect(after.items.find((i) => i.itemId === 'client1-item0')?.label).toBe(`E${numberOf.get('client1-item0')}`);
    expect(after.items.at(-1)).toMatchObject({ itemId: 'late-item', label: `E${n + 1}` });
    const stored = await server.collab.store.listExhibitLabels(entryId);
    expect(stored.map((l) => l.number)).toEqual(Array.from({ length: n + 1 }, (_, i) => i + 1));
  });

  it('C-PROV-5: two people writing in one section get shares matching the characters each wrote, summing to 1', async () => {
    const entryId = await newEntry();
    const [lead, contributor] = await Promise.all([
      connect(people.lead, entryId),
      connect(people.contributor, entryId),
    ]);
    writeParagraph(lead.doc, 'benefits-and-outcomes', 'abcdefghij'); // 10
    await provenanceWhen(entryId, (p) =>
      p.sections.some((s) => s.sectionId === 'benefits-and-outcomes' && s.contributors.length),
    );
    writeParagraph(contributor.doc, 'benefits-and-outcomes', 'x'.repeat(30)); // 30
    // The partner's words inside the lead's paragraph are the partner's.
    await new Promise<void>((resolve) => {
      const fragment = contributor.doc.getXmlFragment('section:benefits-and-outcomes');
      const ready = () => fragment.length === 2;
      if (ready()) resolve();
      else fragment.observeDeep(() => ready() && resolve());
    });
    const leadText = (contributor.doc.getXmlFragment('section:benefits-and-outcomes').get(0) as Y.XmlElement).get(
      0,
    ) as Y.XmlText;
    leadText.insert(10, 'yy'); // +2 for the contributor
    leadText.delete(0, 3); // the lead loses 3
    const expected = { [people.lead.me.user.id]: 7, [people.contributor.me.user.id]: 32 };
    const matches = (p: ProvenanceDto) => {
      const section = p.sections.find((s) => s.sectionId === 'benefits-and-outcomes');
      return section?.contributors.every((c) => c.characters === expected[c.actor.userId]) === true;
    };
    const live = await provenanceWhen(entryId, matches);
    const section = live.sections.find((s) => s.sectionId === 'benefits-and-outcomes')!;
    expect(section.contributors.map((c) => [c.actor.userId, c.characters, c.edits])).toEqual([
      [people.contributor.me.user.id, 32, 3],
      [people.lead.me.user.id, 7, 1],
    ]);
    expect(section.contributors[0]!.share).toBeCloseTo(32 / 39, 10);
    expect(section.contributors[1]!.share).toBeCloseTo(7 / 39, 10);
    expect(section.contributors.reduce((sum, c) => sum + c.share, 0)).toBeCloseTo(1, 10);
    expect(section.contributors[0]!.actor).toEqual(actorOf(people.contributor));
    // Every template section is listed; untouched ones have no contributors.
    expect(live.sections.length).toBeGreaterThan(1);
    expect(
      live.sections.filter((s) => s.sectionId !== 'benefits-and-outcomes').every((s) => s.contributors.length === 0),
    ).toBe(true);

    // The same from the stored document once nobody has the entry open.
    lead.destroy();
    contributor.destroy();
    for (let i = 0; i < 400 && server.collab.rooms.get(entryId); i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.collab.rooms.get(entryId)).toBeUndefined();
    const stored = (await (await getProvenance(people.viewer, entryId)).json()) as ProvenanceDto;
    expect(stored.sections).toEqual(live.sections);
  });

  describe.each([
    ['lead', 200],
    ['contributor', 200],
    ['viewer', 200],
    ['outsider', 404],
  ] as const)('GET /api/entries/:id/provenance as %s', (who, status) => {
    it(`answers ${status}`, async () => {
      const entryId = await newEntry();
      const response = await getProvenance(people[who], entryId);
      expect(response.status).toBe(status);
      const body = (await response.json()) as ProvenanceDto & { error?: { code: string } };
      if (status === 200) {
        expect(body).toMatchObject({ entryId, items: [], register: [] });
        expect(body.sections.length).toBeGreaterThan(0);
      } else {
        expect(body.error?.code).toBe(ErrorCode.notFound);
      }
    });
  });

  it('GET /api/entries/:id/provenance: signed out → 401; a missing entry → 404 as for a non-member', async () => {
    const entryId = await newEntry();
    const signedOut = await getProvenance(null, entryId);
    expect(signedOut.status).toBe(401);
    expect(((await signedOut.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.unauthenticated);
    expect((await getProvenance(people.lead, 'nosuchentry')).status).toBe(404);
  });
});
