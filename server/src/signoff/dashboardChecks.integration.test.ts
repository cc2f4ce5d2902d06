import { type ActivityDto, type EntrySummaryDto, TESTIMONIALS_MAP } from '@jointly/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { openProvider, type TestProvider, WAIT_MS, whenSynced } from '../collab/testing/collabClients.ts';
import { writeItem } from '../exports/testing/sectionContent.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * I11-17 against a real server: the dashboard's "checks failing" per entry
 * (PRODUCT §3 journey 8) is the count of unmet submit conditions, kept until
 * the entry changes; the activity feed has items added and removed and role
 * changes.
 */

const ITEM_ID = 'testimonyI1117';

describe('dashboard checks failing and item activity (I11-17)', () => {
  let server: TestServer;
  const providers: TestProvider[] = [];

  beforeAll(async () => {
    server = await startTestServer({}, { tuning: { roomUnloadGraceMs: 50 } });
  });
  afterEach(() => {
    for (const provider of providers.splice(0)) provider.destroy();
  });
  afterAll(() => server?.close());

  async function dashboardRow(user: TestUser, entryId: string): Promise<EntrySummaryDto> {
    const rows = (await (await api(server, user, 'GET', '/api/entries')).json()) as EntrySummaryDto[];
    const row = rows.find((r) => r.id === entryId);
    if (!row) throw new Error('entry not on the dashboard');
    return row;
  }

  async function unmet(user: TestUser, entryId: string): Promise<number> {
    const response = await api(server, user, 'GET', `/api/entries/${entryId}/submit-conditions`);
    return ((await response.json()) as { issues: unknown[] }).issues.length;
  }

  /** Polls until the dashboard shows `ready` (a socket write is stored when its batch commits). */
  async function dashboardWhen(user: TestUser, entryId: string, ready: (row: EntrySummaryDto) => boolean) {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const row = await dashboardRow(user, entryId);
      if (ready(row)) return row;
      if (Date.now() > deadline) throw new Error(`dashboard never got ready: ${JSON.stringify(row)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async function activityWhen(user: TestUser, entryId: string, ready: (lines: ActivityDto[]) => boolean) {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const lines = (await (
        await api(server, user, 'GET', `/api/entries/${entryId}/activity`)
      ).json()) as ActivityDto[];
      if (ready(lines)) return lines;
      if (Date.now() > deadline) throw new Error(`activity never got ready: ${JSON.stringify(lines)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('I11-17: each entry shows its unmet submit conditions, kept until content, sign-off or membership changes', async () => {
    const lead = await signUpUser(server, { organisationKind: 'nhs_trust' });
    const partner = await signUpUser(server, { organisationKind: 'supplier' });
    const entryId = (await createEntry(server, lead)).id;

    const first = await dashboardRow(lead, entryId);
    expect(first.checksFailing).toBeGreaterThan(0);
    expect(first.checksFailing).toBe(await unmet(lead, entryId));

    // Nothing changed: the count is kept, not worked out again.
    const counted = server.services.checks.counted;
    expect((await dashboardRow(lead, entryId)).checksFailing).toBe(first.checksFailing);
    expect(server.services.checks.counted).toBe(counted);

    // A partner organisation joins (no content change): its endorsement is now a condition too.
    await addMember(server, lead, entryId, partner, 'contributor');
    const joined = await dashboardRow(lead, entryId);
    expect(joined.checksFailing).toBe(await unmet(lead, entryId));
    expect(joined.checksFailing).toBeGreaterThan(first.checksFailing!);

    // A testimonial without the consent it needs (a content change): one more condition.
    const provider = openProvider(server, partner, entryId);
    providers.push(provider);
    await whenSynced(provider);
    writeItem(provider.doc, TESTIMONIALS_MAP, ITEM_ID, {
      quote: 'They listened to us.',
      personName: 'Jo Carer',
      personRole: 'Carer',
      personOrganisation: '',
      kind: 'carer',
      consent: { obtained: false, date: '', howRecorded: '', uses: [] },
      anonymise: false,
      date: '2025-01-22',
      sectionIds: [],
    });
    const withItem = await dashboardWhen(lead, entryId, (row) => row.checksFailing !== joined.checksFailing);
    expect(withItem.checksFailing).toBe(await unmet(lead, entryId));
    expect((await dashboardRow(partner, entryId)).checksFailing).toBe(withItem.checksFailing);
  });

  it('I11-17: the activity feed has items added and removed, with their labels, and role changes', async () => {
    const lead = await signUpUser(server, { organisationKind: 'nhs_trust' });
    const partner = await signUpUser(server, { organisationKind: 'supplier', name: 'Bob Partner' });
    const entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, partner, 'contributor');
    const provider = openProvider(server, partner, entryId);
    providers.push(provider);
    await whenSynced(provider);
    writeItem(provider.doc, TESTIMONIALS_MAP, ITEM_ID, { quote: 'Kind care.', kind: 'other', sectionIds: [] });
    const added = await activityWhen(lead, entryId, (lines) => lines.some((l) => l.kind === 'item_added'));
    expect(added.find((l) => l.kind === 'item_added')).toMatchObject({
      actor: { userId: partner.me.user.id, name: 'Bob Partner' },
      detail: { itemId: ITEM_ID, collection: TESTIMONIALS_MAP, label: 'E1' },
    });
    // Editing an item's fields is not a line of its own.
    (provider.doc.getMap(TESTIMONIALS_MAP).get(ITEM_ID) as Y.Map<unknown>).set('quote', 'Kind care, always.');
    provider.doc.getMap(TESTIMONIALS_MAP).delete(ITEM_ID);
    const removed = await activityWhen(lead, entryId, (lines) => lines.some((l) => l.kind === 'item_removed'));
    expect(removed.find((l) => l.kind === 'item_removed')).toMatchObject({
      actor: { userId: partner.me.user.id },
      detail: { itemId: ITEM_ID, collection: TESTIMONIALS_MAP, label: 'E1' },
    });
    expect(removed.filter((l) => l.kind.startsWith('item_')).map((l) => l.kind)).toEqual([
      'item_removed',
      'item_added',
    ]);

    const changed = await api(server, lead, 'PATCH', `/api/entries/${entryId}/members/${partner.me.user.id}`, {
      role: 'viewer',
    });
    expect(changed.status).toBe(200);
    const lines = await activityWhen(lead, entryId, (l) => l[0]?.kind === 'member_role_changed');
    expect(lines[0]).toMatchObject({
      actor: { userId: lead.me.user.id },
      detail: { userId: partner.me.user.id, from: 'contributor', to: 'viewer' },
    });
  });
});
