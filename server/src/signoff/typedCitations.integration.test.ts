import type { ProvenanceDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestProvider } from '../collab/testing/collabClients.ts';
import { writeParagraph } from '../collab/testing/collabClients.ts';
import { api } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import {
  approveAll,
  endorseAll,
  METRIC_ID,
  post,
  type SignoffFixture,
  settled,
  submitIssues,
  validEntry,
} from './testing/signoffFixtures.ts';

/**
 * Issue 11 item 1: references to exhibits typed or pasted as text ("see E1")
 * count as citations for the submit conditions, as citation chips do; one to
 * a label no exhibit has blocks submission like a chip of a deleted item.
 */

const SECTION = 'context-and-evolution';

describe('I11-1: typed citations in the submit conditions', () => {
  let server: TestServer;
  const providers: TestProvider[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server.close();
  });

  const fixture = () => validEntry(server, (p) => providers.push(p));

  async function labelOf(f: SignoffFixture, itemId: string): Promise<string> {
    const response = await api(server, f.lead, 'GET', `/api/entries/${f.entryId}/provenance`);
    const provenance = (await response.json()) as ProvenanceDto;
    const label = provenance.items.find((item) => item.itemId === itemId)?.label;
    expect(label).toMatch(/^E\d+$/);
    return label!;
  }

  /** The section's text replaced by one plain paragraph (no citation chip), approved and endorsed again. */
  async function rewriteSection(f: SignoffFixture, text: string): Promise<void> {
    const fragment = f.writer.doc.getXmlFragment(`section:${SECTION}`);
    f.writer.doc.transact(() => {
      fragment.delete(0, fragment.length);
      writeParagraph(f.writer.doc, SECTION, text);
    });
    await settled(f);
    await approveAll(f, [SECTION]);
    await endorseAll(f);
  }

  it('I11-1: a typed "see E1" meets the section’s "cites an exhibit" rule, and the entry submits', async () => {
    const f = await fixture();
    const label = await labelOf(f, METRIC_ID);

    // Without any citation the section's citesExhibit rule is unmet.
    await rewriteSection(f, 'The partnership began in 2016 with one ward.');
    expect((await submitIssues(f)).map((issue) => issue.path)).toEqual([`coverage.${SECTION}.context-cites-exhibit`]);

    await rewriteSection(f, `The partnership began in 2016 with one ward (see ${label}).`);
    const response = await post(server, f.lead, `/api/entries/${f.entryId}/submit`);
    expect(response.status).toBe(201);
  }, 60_000);

  it('I11-1: a typed reference to a label no exhibit has blocks submission with its own unmet condition', async () => {
    const f = await fixture();
    const label = await labelOf(f, METRIC_ID);
    await rewriteSection(f, `Waits halved (see ${label}); the audit agreed (see E9).`);
    const issues = await submitIssues(f);
    expect(issues.map((issue) => issue.path)).toEqual([`sections.${SECTION}.citations`]);
    expect(issues[0]?.message).toContain('E9');
    expect(issues[0]?.message).toContain('no exhibit has that label');
  }, 60_000);

  it('I11-1: typed lists and ranges count every label in them', async () => {
    const f = await fixture();
    const label = await labelOf(f, METRIC_ID);
    const n = Number(label.slice(1));
    // A range ending one past the last label cites a label no exhibit has.
    await rewriteSection(f, `Waits fell, E${n}–E${n + 4}.`);
    const issues = await submitIssues(f);
    expect(issues.map((issue) => issue.path)).toEqual([`sections.${SECTION}.citations`]);
    expect(issues[0]?.message).toContain(`E${n + 4}`);
  }, 60_000);
});
