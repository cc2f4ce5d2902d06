import { type ApprovalDiffDto, type ErrorBody, ErrorCode, type ProvenanceDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { openProvider, type TestProvider, whenSynced, writeParagraph } from '../collab/testing/collabClients.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import {
  METRIC_ID,
  post as postTo,
  settled,
  submitIssues,
  validEntry as validEntryOf,
} from './testing/signoffFixtures.ts';

/**
 * Issue 11 items 2, 3, 8 and 9 on the server: approving an empty section or
 * one over its limit is refused (S-APPROVE-4); an organisation with no lead is
 * named with what to do (S-ENDORSE-3); the conditions can be read without
 * submitting (S-SUBMIT-7); the approval diff shows citations and words
 * (S-APPROVE-3).
 */

describe('sign-off readiness (issue 11)', () => {
  let server: TestServer;
  const providers: TestProvider[] = [];
  const validEntry = () => validEntryOf(server, (p) => providers.push(p));
  const post = (user: TestUser | null, path: string) => postTo(server, user, path);
  const conditions = async (user: TestUser, entryId: string) => {
    const response = await api(server, user, 'GET', `/api/entries/${entryId}/submit-conditions`);
    expect(response.status).toBe(200);
    return (await response.json()) as { met: boolean; issues: { path: string; message: string }[] };
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server.close();
  });

  it('I11-2: approving an empty section or one over its word limit answers 409 with its own code and records nothing', async () => {
    const lead = await signUpUser(server);
    const entryId = (await createEntry(server, lead)).id;
    const approvals = () =>
      server.services.database.db
        .selectFrom('section_approvals')
        .select('id')
        .where('entry_id', '=', entryId)
        .execute();
    const approve = (sectionId: string) => post(lead, `/api/entries/${entryId}/sections/${sectionId}/approve`);

    const empty = await approve('context-and-evolution');
    expect(empty.status).toBe(409);
    const emptyBody = (await empty.json()) as ErrorBody;
    expect(emptyBody.error.code).toBe(ErrorCode.sectionEmpty);
    expect(emptyBody.error.message).toContain('has no text yet');

    const provider = openProvider(server, lead, entryId);
    providers.push(provider);
    await whenSynced(provider);
    // 'sharing-and-adoption' has a 400-word limit in the default category.
    writeParagraph(provider.doc, 'sharing-and-adoption', Array.from({ length: 401 }, (_, i) => `w${i}`).join(' '));
    writeParagraph(provider.doc, 'context-and-evolution', 'Some words to approve.');
    const probe = openProvider(server, lead, entryId);
    providers.push(probe);
    await settled({ writer: provider, observer: probe } as Parameters<typeof settled>[0]);

    const over = await approve('sharing-and-adoption');
    expect(over.status).toBe(409);
    const overBody = (await over.json()) as ErrorBody;
    expect(overBody.error.code).toBe(ErrorCode.sectionOverWordLimit);
    expect(overBody.error.message).toBe(
      '“Sharing learning and wider adoption” has 401 words; the limit is 400. Cut 1 before approving it.',
    );
    expect(await approvals()).toHaveLength(0);
    const activity = (await (await api(server, lead, 'GET', `/api/entries/${entryId}/activity`)).json()) as {
      kind: string;
    }[];
    expect(activity.map((a) => a.kind)).not.toContain('section_approved');

    expect((await approve('context-and-evolution')).status).toBe(201);
    expect(await approvals()).toHaveLength(1);
  }, 30_000);

  it('I11-3, I11-8: an organisation with no lead is named with what to do, in submit and in the conditions read after every change', async () => {
    const lead = await signUpUser(server);
    const colleague = await signUpUser(server, { organisationName: 'MedLogix', organisationKind: 'supplier' });
    const entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, colleague, 'contributor');
    const orgId = colleague.me.organisation.id;
    const advice = `${colleague.me.organisation.name} has no lead on this entry, so it cannot endorse. Make someone from ${colleague.me.organisation.name} a lead to endorse for it.`;

    const refused = await post(lead, `/api/entries/${entryId}/submit`);
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as ErrorBody;
    expect(body.error.issues).toContainEqual({ path: `endorsements.${orgId}`, message: advice });

    // The same list, read without submitting, changes with the members' roles and endorsements.
    let now = await conditions(colleague, entryId);
    expect(now.met).toBe(false);
    expect(now.issues).toEqual(body.error.issues);
    const patched = await api(server, lead, 'PATCH', `/api/entries/${entryId}/members/${colleague.me.user.id}`, {
      role: 'lead',
    });
    expect(patched.status).toBe(200);
    now = await conditions(lead, entryId);
    expect(now.issues.find((i) => i.path === `endorsements.${orgId}`)?.message).toBe(
      `${colleague.me.organisation.name} has not endorsed the entry.`,
    );
    expect((await post(colleague, `/api/entries/${entryId}/endorse`)).status).toBe(201);
    now = await conditions(lead, entryId);
    expect(now.issues.some((i) => i.path === `endorsements.${orgId}`)).toBe(false);
    // Nothing was submitted by reading.
    expect(
      await server.services.database.db
        .selectFrom('submissions')
        .select('id')
        .where('entry_id', '=', entryId)
        .execute(),
    ).toHaveLength(0);

    // Readable by every member, and nobody else.
    const stranger = await signUpUser(server);
    expect((await api(server, stranger, 'GET', `/api/entries/${entryId}/submit-conditions`)).status).toBe(404);
    expect((await api(server, null, 'GET', `/api/entries/${entryId}/submit-conditions`)).status).toBe(401);
  }, 30_000);

  it('I11-3: a fully valid entry has no unmet conditions to read; a lead-less organisation whose endorsement is withdrawn is named', async () => {
    const f = await validEntry();
    expect(await conditions(f.partner, f.entryId)).toEqual({ met: true, issues: [] });
    const demoted = await api(server, f.lead, 'PATCH', `/api/entries/${f.entryId}/members/${f.partner.me.user.id}`, {
      role: 'viewer',
    });
    expect(demoted.status).toBe(200);
    // Its endorsement was for this content and still counts; a change withdraws it.
    expect((await conditions(f.lead, f.entryId)).met).toBe(true);
    writeParagraph(f.writer.doc, 'context-and-evolution', 'A later change.');
    await settled(f);
    const issues = await submitIssues(f);
    expect(issues.find((i) => i.path === `endorsements.${f.partner.me.organisation.id}`)?.message).toContain(
      `Make someone from ${f.partner.me.organisation.name} a lead to endorse for it.`,
    );
  }, 30_000);

  it('I11-9: the approval diff shows a citation as its label and one inserted word as one inserted word', async () => {
    const f = await validEntry();
    const provenance = (await (
      await api(server, f.lead, 'GET', `/api/entries/${f.entryId}/provenance`)
    ).json()) as ProvenanceDto;
    const label = provenance.items.find((item) => item.itemId === METRIC_ID)!.label;
    const paragraph = f.writer.doc.getXmlFragment('section:benefits-and-outcomes').get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert('Our '.length, 'joint ');
    await settled(f);

    const diff = (await (
      await api(server, f.partner, 'GET', `/api/entries/${f.entryId}/sections/benefits-and-outcomes/approval-diff`)
    ).json()) as ApprovalDiffDto;
    expect(diff.changed).toBe(true);
    expect(diff.approvedText).toBe(`Our work on benefits-and-outcomes, see ${label}`);
    expect(diff.currentText).toBe(`Our joint work on benefits-and-outcomes, see ${label}`);
    expect(diff.blocks).toEqual([
      {
        kind: 'changed',
        parts: [
          { kind: 'same', text: 'Our ' },
          { kind: 'added', text: 'joint ' },
          { kind: 'same', text: `work on benefits-and-outcomes, see ${label}` },
        ],
      },
    ]);
  }, 30_000);
});
