import type {
  EntryDto,
  ErrorBody,
  SectionCompareDto,
  SectionHistoryDto,
  SectionRestoreDto,
  SectionVersionDetailDto,
  SectionVersionDto,
} from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  eventOf,
  openProvider,
  openRaw,
  type RawClient,
  type TestProvider,
  whenSynced,
  writeParagraph,
} from '../collab/testing/collabClients.ts';
import {
  HISTORY_AUTO_THIN_AFTER_MS,
  HISTORY_AUTO_THIN_BUCKET_MS,
  HISTORY_MAX_AUTO_VERSIONS_PER_SECTION,
} from '../config.ts';
import { eventually } from '../scale/testing.ts';
import { post, type SignoffFixture, settled, validEntry } from '../signoff/testing/signoffFixtures.ts';
import { addMember, api, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { snapshotOfContent } from './sectionSnapshot.ts';
import { createVersionStore } from './versionStore.ts';

/**
 * Draft history (issue 14 item 4) over HTTP and real y-websocket clients, on
 * SQLite and PostgreSQL: automatic versions after a quiet period, throttled
 * per section; named versions by any member; approvals and submissions in the
 * history; word-level compare with exhibit labels; restore recorded; and who
 * may do what.
 */

const SECTION = 'context-and-evolution';
const OTHER_SECTION = 'benefits-and-outcomes';
const TUNING = { quietMs: 300, maxSessionMs: 60_000, minIntervalMs: 2_500, sweepMs: 50 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The section's content replaced by a version's, as the restoring browser's editor writes it. */
function replaceSection(doc: Y.Doc, sectionId: string, state: string): void {
  const source = new Y.Doc();
  Y.applyUpdate(source, Buffer.from(state, 'base64'));
  const nodes = source.getXmlFragment(`section:${sectionId}`).toArray() as (Y.XmlElement | Y.XmlText)[];
  const fragment = doc.getXmlFragment(`section:${sectionId}`);
  doc.transact(() => {
    fragment.delete(0, fragment.length);
    fragment.insert(
      0,
      nodes.map((node) => node.clone()),
    );
  });
}

describe.each(TEST_DATABASES)('draft history of sections on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let f: SignoffFixture;
  let viewer: TestUser;
  let contributor: TestUser;
  let outsider: TestUser;
  const providers: TestProvider[] = [];
  const raws: RawClient[] = [];
  const path = (sectionId = SECTION) => `/api/entries/${f.entryId}/sections/${sectionId}/history`;

  async function history(user: TestUser = f.lead, sectionId = SECTION): Promise<SectionHistoryDto> {
    const response = await api(server, user, 'GET', path(sectionId));
    expect(response.status).toBe(200);
    return (await response.json()) as SectionHistoryDto;
  }
  const autos = async (sectionId = SECTION) =>
    (await history(f.lead, sectionId)).versions.filter((v) => v.kind === 'auto');

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env, { history: TUNING });
    f = await validEntry(server, (p) => providers.push(p));
    viewer = await signUpUser(server, { organisationKind: 'third_sector' });
    contributor = await signUpUser(server, { organisationKind: 'supplier' });
    outsider = await signUpUser(server);
    await addMember(server, f.lead, f.entryId, viewer, 'viewer');
    await addMember(server, f.lead, f.entryId, contributor, 'contributor');
  }, 60_000);
  afterAll(async () => {
    for (const p of providers) p.destroy();
    for (const r of raws) r.ws.close();
    await server?.close();
    await store?.drop();
  });

  it('a session of edits becomes an automatic version of each section written, by its writer, after the quiet period', async () => {
    // validEntry wrote every section as the lead; those sessions end TUNING.quietMs later.
    await eventually(async () => (await autos(OTHER_SECTION)).length === 1, 'an automatic version');
    const [auto] = await autos(OTHER_SECTION);
    expect(auto).toMatchObject({
      kind: 'auto',
      by: { userId: f.lead.me.user.id, organisation: { id: f.lead.me.organisation.id } },
      words: 6, // "Our work on benefits-and-outcomes, see E1": the chip reads as two words
    });
    const detail = (await (
      await api(server, f.lead, 'GET', `${path(OTHER_SECTION)}/${auto!.id}`)
    ).json()) as SectionVersionDetailDto;
    expect(detail.blocks).toEqual(['Our work on benefits-and-outcomes, see E1']);
    // Measured: what one version of a one-paragraph section costs in the store.
    const bytes = Buffer.from(detail.state, 'base64').length;
    console.info(`history: stored state of a one-paragraph version: ${bytes} bytes`);
    expect(bytes).toBeLessThan(200);
  });

  it('every approval of the section is in its history, with who approved it', async () => {
    const approvals = (await history()).versions.filter((v) => v.kind === 'approval');
    expect(approvals).toHaveLength(1);
    expect(approvals[0]!.by.userId).toBe(f.lead.me.user.id);
    expect(approvals[0]!.id).toMatch(/^a\d+$/);
  });

  it('automatic versions are throttled per section: a second session ending soon after waits for the interval', async () => {
    await eventually(async () => (await autos()).length === 1, 'the first automatic version');
    const firstAt = Date.parse((await autos())[0]!.at);
    writeParagraph(f.writer.doc, SECTION, 'A second paragraph about the ward.');
    await settled(f);
    await sleep(TUNING.quietMs * 3);
    // The session has ended; while the interval since the first version has not passed, it waits.
    if (Date.now() - firstAt < TUNING.minIntervalMs - 300) expect((await autos()).length).toBe(1);
    await eventually(async () => (await autos()).length === 2, 'the throttled automatic version', 10_000);
    const [second, first] = await autos();
    // `at` is when each was stored, a little after its capture started the interval.
    expect(Date.parse(second!.at) - Date.parse(first!.at)).toBeGreaterThanOrEqual(TUNING.minIntervalMs - 250);
    expect(second!.words).toBeGreaterThan(first!.words);
  });

  it('any member, a viewer too, names the current state; the name is validated', async () => {
    const listener = openRaw(server, f.partner, f.entryId, { query: '?events=1' });
    raws.push(listener);
    await listener.opened;
    const heard = listener.next((b) => eventOf(b)?.kind === 'history', 'history event');
    const created = await api(server, viewer, 'POST', path(), { name: 'Sent to trust comms' });
    expect(created.status).toBe(201);
    const version = (await created.json()) as SectionVersionDto;
    expect(version).toMatchObject({
      kind: 'named',
      name: 'Sent to trust comms',
      by: { userId: viewer.me.user.id, organisation: { id: viewer.me.organisation.id } },
    });
    expect(eventOf(await heard)).toEqual({ kind: 'history', sectionId: SECTION });
    expect((await history(viewer)).versions[0]!.id).toBe(version.id);
    expect((await history(viewer)).namedVersionsLeft).toBe(99);

    for (const body of [
      { name: '' },
      { name: '   ' },
      { name: 'x'.repeat(121) },
      { name: 'Sent\nto comms' },
      { name: 'Sent \u202eto comms' },
      { name: 'Sent', by: 'someone else' },
      {},
    ]) {
      const refused = await api(server, viewer, 'POST', path(), body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(((await refused.json()) as ErrorBody).error.code).toBe('validation_failed');
    }
    expect((await history()).versions.filter((v) => v.kind === 'named')).toHaveLength(1);
  });

  it('compares two versions, or a version and the current text, word by word with citations as labels', async () => {
    const named = (await history()).versions.find((v) => v.kind === 'named')!;
    writeParagraph(f.writer.doc, SECTION, 'New figures from the 2024 audit.');
    await settled(f);
    const response = await api(server, contributor, 'GET', `${path()}/compare?from=${named.id}&to=current`);
    expect(response.status).toBe(200);
    const diff = (await response.json()) as SectionCompareDto;
    expect(diff.changed).toBe(true);
    expect(diff.blocks.map((b) => b.kind)).toEqual(['same', 'same', 'added']);
    expect(diff.blocks[0]!.parts[0]!.text).toBe('Our work on context-and-evolution, see E1');
    expect(diff.blocks[2]!.parts).toEqual([{ kind: 'added', text: 'New figures from the 2024 audit.' }]);

    // Word level: an edited paragraph shows only the words that changed.
    const approval = (await history()).versions.find((v) => v.kind === 'approval')!;
    const fragment = f.writer.doc.getXmlFragment(`section:${SECTION}`);
    const firstText = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    firstText.insert('Our work'.length, ' together');
    await settled(f);
    const edited = (await (
      await api(server, f.lead, 'GET', `${path()}/compare?from=${approval.id}`)
    ).json()) as SectionCompareDto;
    expect(edited.blocks[0]!.kind).toBe('changed');
    const parts = edited.blocks[0]!.parts;
    expect(parts.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual(['together']);
    expect(parts.filter((p) => p.kind === 'removed')).toEqual([]);
    expect(parts.map((p) => p.text).join('')).toBe('Our work together on context-and-evolution, see E1');
    const same = (await (
      await api(server, f.lead, 'GET', `${path()}/compare?from=${named.id}&to=${named.id}`)
    ).json()) as SectionCompareDto;
    expect(same.changed).toBe(false);
  });

  it('a restore written by the browser is recorded as a restore by that person, and the approval no longer holds', async () => {
    const named = (await history()).versions.find((v) => v.kind === 'named')!;
    const detail = (await (
      await api(server, contributor, 'GET', `${path()}/${named.id}`)
    ).json()) as SectionVersionDetailDto;
    const tab = openProvider(server, contributor, f.entryId);
    providers.push(tab);
    await whenSynced(tab);
    replaceSection(tab.doc, SECTION, detail.state);
    await eventually(async () => {
      const now = await history(contributor);
      return now.currentHash === named.contentHash;
    }, 'the restored content on the server');

    expect((await api(server, viewer, 'POST', `${path()}/restores`, { from: named.id })).status).toBe(403);
    const restored = await api(server, contributor, 'POST', `${path()}/restores`, { from: named.id });
    expect(restored.status).toBe(201);
    const body = (await restored.json()) as SectionRestoreDto;
    expect(body.matchesSource).toBe(true);
    expect(body.version).toMatchObject({
      kind: 'restore',
      restoredFrom: named.id,
      contentHash: named.contentHash,
      by: { userId: contributor.me.user.id, organisation: { id: contributor.me.organisation.id } },
    });
    const entry = (await (await api(server, f.lead, 'GET', `/api/entries/${f.entryId}`)).json()) as EntryDto;
    expect(entry.sections.find((s) => s.id === SECTION)!.status).toBe('changed_since_approval');
    // The history is never rewritten: the versions before the restore are all still there.
    const ids = (await history()).versions.map((v) => v.id);
    expect(ids).toContain(named.id);
    expect(ids[0]).toBe(body.version.id);

    const unknown = await api(server, contributor, 'POST', `${path()}/restores`, { from: 'h999999' });
    expect(unknown.status).toBe(404);
  });

  it('a submission appears in every section’s history; a submitted entry cannot be restored', async () => {
    // A second entry meeting every condition (this one has members from organisations without a lead).
    const g = await validEntry(server, (p) => providers.push(p));
    const gPath = (sectionId: string) => `/api/entries/${g.entryId}/sections/${sectionId}/history`;
    const submitted = await post(server, g.lead, `/api/entries/${g.entryId}/submit`);
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    for (const sectionId of [SECTION, OTHER_SECTION]) {
      const listed = (await (await api(server, g.partner, 'GET', gPath(sectionId))).json()) as SectionHistoryDto;
      const submission = listed.versions.find((v) => v.kind === 'submission')!;
      expect(submission).toMatchObject({
        id: 's1',
        name: 'Submitted version 1',
        by: { userId: g.lead.me.user.id, organisation: { id: g.lead.me.organisation.id } },
        contentHash: listed.currentHash,
      });
      expect(listed.versions.some((v) => v.kind === 'approval')).toBe(true);
      // Each version reads back by its id as it is listed, whatever kind it is.
      for (const version of listed.versions) {
        const detail = await api(server, g.partner, 'GET', `${gPath(sectionId)}/${version.id}`);
        expect((await detail.json()) as SectionVersionDetailDto satisfies SectionVersionDto).toMatchObject(version);
      }
    }
    const refused = await api(server, g.lead, 'POST', `${gPath(SECTION)}/restores`, { from: 's1' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as ErrorBody).error.code).toBe('entry_submitted');
  });

  it('non-members get 404; bad ids 400; unknown versions and sections 404', async () => {
    expect((await api(server, f.lead, 'GET', `${path()}/h1`)).status).not.toBe(400);
    for (const [method, url, body] of [
      ['GET', path(), undefined],
      ['POST', path(), { name: 'Mine now' }],
      ['GET', `${path()}/h1`, undefined],
      ['GET', `${path()}/compare?from=h1`, undefined],
      ['POST', `${path()}/restores`, { from: 'h1' }],
    ] as const) {
      expect((await api(server, outsider, method, url, body)).status, `${method} ${url}`).toBe(404);
    }
    expect((await api(server, f.lead, 'GET', `${path()}/x1`)).status).toBe(400);
    expect((await api(server, f.lead, 'GET', `${path()}/h0`)).status).toBe(400);
    expect((await api(server, f.lead, 'GET', `${path()}/compare?from=nope`)).status).toBe(400);
    expect((await api(server, f.lead, 'GET', `${path()}/h999999`)).status).toBe(404);
    expect((await api(server, f.lead, 'GET', `${path()}/a999999`)).status).toBe(404);
    expect((await api(server, f.lead, 'GET', `${path()}/s1`)).status).toBe(404);
    expect((await api(server, f.lead, 'GET', `${path()}/compare?from=s99`)).status).toBe(404);
    expect((await api(server, f.lead, 'GET', path('no-such-section'))).status).toBe(404);
    expect((await api(server, f.lead, 'GET', path('Not_A_Slug'))).status).toBe(400);
    // A version of one section is not a version of another.
    const named = (await history()).versions.find((v) => v.kind === 'named')!;
    expect((await api(server, f.lead, 'GET', `${path(OTHER_SECTION)}/${named.id}`)).status).toBe(404);
  });

  it('old automatic versions are thinned to one an hour, and never more than the cap are kept; named ones stay', async () => {
    const store = createVersionStore(server.services.database.db);
    const sectionId = 'sharing-and-adoption';
    const snapshot = snapshotOfContent(sectionId, [{ n: 'paragraph', c: [{ t: 'A draft' }] }]);
    const now = Date.now();
    const add = (kind: 'auto' | 'named', at: number) =>
      store.insert({
        entryId: f.entryId,
        sectionId,
        kind,
        name: kind === 'named' ? 'Kept' : null,
        restoredFrom: null,
        userId: f.lead.me.user.id,
        organisationId: f.lead.me.organisation.id,
        at,
        snapshot,
      });
    // validEntry's writing already left recent automatic versions here.
    const before = await store.countKinds(f.entryId, sectionId, ['auto']);
    const old = now - HISTORY_AUTO_THIN_AFTER_MS - 60_000;
    for (let i = 0; i < 120; i++) await add('auto', old - i * 20 * 60_000); // 40 hours, three an hour
    await add('named', old - 1000);
    for (let i = 0; i < 150; i++) await add('auto', now - i * 8 * 60_000); // the last 20 hours
    const buckets = new Set(
      Array.from({ length: 120 }, (_, i) => Math.floor((old - i * 20 * 60_000) / HISTORY_AUTO_THIN_BUCKET_MS)),
    );
    expect(await store.thinAuto(f.entryId, sectionId, now)).toBe(120 - buckets.size);
    expect(await store.countKinds(f.entryId, sectionId, ['auto'])).toBe(before + 150 + buckets.size);
    expect(await store.countKinds(f.entryId, sectionId, ['named'])).toBe(1);

    for (let i = 0; i < 60; i++) await add('auto', now - 30_000 + i * 100);
    await store.thinAuto(f.entryId, sectionId, now);
    expect(await store.countKinds(f.entryId, sectionId, ['auto'])).toBe(HISTORY_MAX_AUTO_VERSIONS_PER_SECTION);
    const kept = (await store.list(f.entryId, sectionId)).filter((v) => v.kind === 'auto');
    // The oldest went first: every recent one is still there.
    expect(kept.filter((v) => v.at > now - HISTORY_AUTO_THIN_AFTER_MS)).toHaveLength(
      HISTORY_MAX_AUTO_VERSIONS_PER_SECTION,
    );
  });

  it('versions live outside the entry document: naming many leaves its stored bytes and first sync as they were', async () => {
    const storedBytes = async () => {
      const stored = await server.collab.store.loadDocument(f.entryId);
      return (stored.snapshot?.length ?? 0) + stored.updates.reduce((n, u) => n + u.data.length, 0);
    };
    const firstSyncMs = async () => {
      const started = performance.now();
      const tab = openProvider(server, viewer, f.entryId);
      await whenSynced(tab);
      const ms = performance.now() - started;
      tab.destroy();
      return ms;
    };
    const before = await storedBytes();
    const syncBefore = await firstSyncMs();
    for (let i = 0; i < 20; i++) {
      expect((await api(server, f.partner, 'POST', path(), { name: `Draft ${i}` })).status).toBe(201);
    }
    expect(await storedBytes()).toBe(before);
    const syncAfter = await firstSyncMs();
    console.info(
      `history: first sync ${syncBefore.toFixed(1)} ms before 20 named versions, ${syncAfter.toFixed(1)} ms after`,
    );
  });
});
