import type { TasksDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestProvider, writeParagraph } from '../collab/testing/collabClients.ts';
import { approveAll, post, SECTIONS, settled, validEntry } from '../signoff/testing/signoffFixtures.ts';
import { api, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * "My tasks" lists an entry waiting for the person's organisation's
 * endorsement (issue 14 item 5): once every section is approved as it
 * stands, to each lead whose organisation's endorsement is not current;
 * gone for an organisation once it has endorsed.
 */
describe('tasks: endorsements waiting', () => {
  let server: TestServer;
  const providers: TestProvider[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server?.close();
  });

  const endorsementTasks = async (user: TestUser, entryId: string) =>
    ((await (await api(server, user, 'GET', '/api/tasks')).json()) as TasksDto).tasks.filter(
      (t) => t.kind === 'endorsement_needed' && t.entry.id === entryId,
    );

  it('appears to each organisation’s lead once all sections are approved again, and goes when it endorses', async () => {
    // Approved and endorsed by both organisations: nothing waits.
    const f = await validEntry(server, (p) => providers.push(p));
    expect(await endorsementTasks(f.lead, f.entryId)).toHaveLength(0);
    expect(await endorsementTasks(f.partner, f.entryId)).toHaveLength(0);
    // A change withdraws the endorsements, but a section is no longer approved as it stands: not yet.
    writeParagraph(f.writer.doc, SECTIONS[0]!, 'One more sentence.');
    await settled(f);
    await expect.poll(() => endorsementTasks(f.lead, f.entryId), { timeout: 5000 }).toHaveLength(0);
    // Approved again: both organisations' leads are asked.
    await approveAll(f, [SECTIONS[0]!]);
    const leadTasks = await endorsementTasks(f.lead, f.entryId);
    expect(leadTasks).toEqual([
      expect.objectContaining({
        organisation: expect.objectContaining({ id: f.lead.me.organisation.id }),
        href: `/entries/${f.entryId}`,
      }),
    ]);
    expect(await endorsementTasks(f.partner, f.entryId)).toHaveLength(1);
    expect((await post(server, f.lead, `/api/entries/${f.entryId}/endorse`)).status).toBe(201);
    expect(await endorsementTasks(f.lead, f.entryId)).toHaveLength(0);
    expect(await endorsementTasks(f.partner, f.entryId)).toHaveLength(1);
  });
});
