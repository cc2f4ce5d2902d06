import type { ErasureListDto, NotificationListDto, SubmissionDetailDto } from '@jointly/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestProvider } from '../collab/testing/collabClients.ts';
import { eventually as eventuallyWithin } from '../scale/testing.ts';
import { PATIENT_ID, post, type SignoffFixture, STAFF_ID, validEntry } from '../signoff/testing/signoffFixtures.ts';
import { api, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Issue 18 item 4 on SQLite (the embedded queue) and PostgreSQL (graphile-worker): with
 * RETENTION_MONTHS_AFTER_AWARD set, a deciding outcome plans a warning and an erasure on the job
 * queue (another outcome cancels them); when the test moves the clock (vitest fakes Date, which the
 * server and both queues read) the leads are warned once, then every testimonial is erased
 * through erasure's path, each recorded with kind `retention`, and the version still verifies.
 */

const DAY = 24 * 60 * 60 * 1000;

/** Graphile-worker on a loaded machine may take seconds to pick a job up: a generous limit. */
const eventually = (check: () => Promise<boolean>, what: string, ms = 30_000) => eventuallyWithin(check, what, ms);

describe.each(TEST_DATABASES)('retention on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let f: SignoffFixture;
  const providers: TestProvider[] = [];

  const pending = async () =>
    (await server.services.jobs.pending(`retention:${f.entryId}:`)).sort((a, b) => a.runAt - b.runAt);
  const outcome = (stage: string) =>
    api(server, f.lead, 'PUT', `/api/entries/${f.entryId}/outcome`, { stage, portalSubmittedOn: null, feedback: '' });
  const bell = async (user: TestUser, kind: string) =>
    ((await (await api(server, user, 'GET', '/api/notifications')).json()) as NotificationListDto).notifications.filter(
      (n) => n.kind === kind,
    );

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer({ ...store.env, RETENTION_MONTHS_AFTER_AWARD: '24', RETENTION_WARNING_DAYS: '30' });
    f = await validEntry(server, (p) => providers.push(p));
    expect((await post(server, f.lead, `/api/entries/${f.entryId}/submit`)).status).toBe(201);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server?.close();
    await store?.drop();
  });

  it('a deciding outcome plans the warning and the erasure; another outcome cancels them', async () => {
    expect((await outcome('finalist')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await pending()).toEqual([]);
    const before = Date.now();
    expect((await outcome('winner')).status).toBe(200);
    await eventually(async () => (await pending()).length === 2, 'the retention jobs');
    const [warning, erasure] = await pending();
    // Two years from the award's day (midnight UTC), the warning 30 days before.
    const awardDay = new Date(before).toISOString().slice(0, 10);
    const [y, m, d] = awardDay.split('-').map(Number) as [number, number, number];
    const eraseAt = Date.UTC(y + 2, m - 1, d);
    expect(erasure).toMatchObject({ key: `retention:${f.entryId}:erasure`, runAt: eraseAt });
    expect(warning).toMatchObject({ key: `retention:${f.entryId}:warning`, runAt: eraseAt - 30 * DAY });
    expect((await outcome('submitted_on_portal')).status).toBe(200);
    await eventually(async () => (await pending()).length === 0, 'the jobs cancelled');
    expect((await outcome('winner')).status).toBe(200);
    await eventually(async () => (await pending()).length === 2, 'the jobs planned again');
  });

  it('warns the leads once, then erases every testimonial on schedule, each recorded', {
    timeout: 90_000,
  }, async () => {
    const [warning, erasure] = await pending();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(warning!.runAt + 1000);
    await eventually(async () => (await bell(f.partner, 'retention_warning')).length === 1, 'the warning');
    expect(await bell(f.lead, 'retention_warning')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await bell(f.partner, 'retention_warning')).toHaveLength(1);
    // Nothing erased yet.
    const list = async () =>
      ((await (await api(server, f.lead, 'GET', `/api/entries/${f.entryId}/erasures`)).json()) as ErasureListDto)
        .erasures;
    expect(await list()).toEqual([]);

    vi.setSystemTime(erasure!.runAt + 1000);
    await eventually(async () => (await list()).length === 2, 'both testimonials erased', 40_000);
    const erasures = await list();
    expect(erasures.map((e) => e.itemId).sort()).toEqual([PATIENT_ID, STAFF_ID].sort());
    for (const e of erasures) {
      expect(e).toMatchObject({ kind: 'retention', erasedBy: null });
      expect(e.reason).toContain('retention period ended');
      expect(e.versions).toHaveLength(1);
    }
    await eventually(async () => (await pending()).length === 0, 'the jobs done');
    const version = (await (
      await api(server, f.lead, 'GET', `/api/entries/${f.entryId}/submissions/1`)
    ).json()) as SubmissionDetailDto;
    expect(version.verified).toBe(true);
    for (const t of version.testimonials) expect(t.quote).toBe('[redacted]');
    expect((await bell(f.partner, 'personal_data_erased')).length).toBe(2);
  });
});
