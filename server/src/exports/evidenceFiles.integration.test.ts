import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { TestProvider } from '../collab/testing/collabClients.ts';
import { makePdf, makePng } from '../files/inspection/testing/allowedFiles.ts';
import { uploadOk } from '../files/testing/uploads.ts';
import {
  approveAll,
  endorseAll,
  METRIC_ID,
  post,
  type SignoffFixture,
  settled,
  validEntry,
} from '../signoff/testing/signoffFixtures.ts';
import { api } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { readPdf } from './testing/readBack.ts';

/**
 * GET /api/entries/:id/export/evidence.pdf against a real server (issue 13):
 * files uploaded over HTTP and cited by an evidence item through a real
 * y-websocket client are in the compiled document; a submitted version keeps
 * the files it cited after the entry is reopened and its item cites others.
 */
describe('the evidence document with uploaded files', () => {
  let server: TestServer;
  const providers: TestProvider[] = [];
  let f: SignoffFixture;

  beforeAll(async () => {
    server = await startTestServer();
    f = await validEntry(server, (provider) => providers.push(provider));
  });
  afterAll(async () => {
    for (const provider of providers.splice(0)) provider.destroy();
    await server?.close();
  });

  const cite = async (ids: string[]) => {
    const item = f.writer.doc.getMap('evidence').get(METRIC_ID) as Y.Map<unknown>;
    item.set('files', ids);
    await settled(f);
  };
  const download = async (query = '') => {
    const response = await api(server, f.partner, 'GET', `/api/entries/${f.entryId}/export/evidence.pdf${query}`);
    expect(response.status).toBe(200);
    return readPdf(new Uint8Array(await response.arrayBuffer()));
  };

  it('includes the cited uploads, and a submitted version keeps the files it cited', { timeout: 60_000 }, async () => {
    const first = await uploadOk(server, f.lead, f.entryId, {
      bytes: await makePdf({ pages: 3, text: 'Audit as submitted' }),
      filename: 'Waiting times audit.pdf',
    });
    const chart = await uploadOk(server, f.partner, f.entryId, {
      bytes: await makePng(300, 500),
      filename: 'chart.png',
    });
    const later = await uploadOk(server, f.lead, f.entryId, {
      bytes: await makePdf({ text: 'Audit revised later' }),
      filename: 'Revised audit.pdf',
    });
    await cite([first.id, chart.id]);

    const draft = await download();
    const heading = draft.pageTexts.findIndex((text) => text.includes('E1: Waiting times'));
    expect(heading).toBeGreaterThan(0);
    expect(draft.pageTexts[0]).toContain(`Waiting times ${heading + 1}`);
    expect(draft.pageTexts[heading]).toContain('1. Waiting times audit.pdf: included below (3 pages).');
    expect(draft.pageTexts[heading]).toContain('2. chart.png: included below (1 page).');
    for (const page of [1, 2, 3]) {
      expect(draft.pageTexts[heading + page]).toContain(`Audit as submitted page ${page} of 3`);
      expect(draft.pageTexts[heading + page]).toContain('Exhibit E1');
    }
    expect(draft.pageTexts[heading + 4]).toContain('chart.png');
    for (const [index, text] of draft.pageTexts.entries())
      expect(text).toContain(`Page ${index + 1} of ${draft.pages}`);

    // Citing files changes the content: approve and endorse again, then submit version 1.
    await approveAll(f);
    await endorseAll(f);
    expect((await post(f.server, f.lead, `/api/entries/${f.entryId}/submit`)).status).toBe(201);
    expect((await post(f.server, f.lead, `/api/entries/${f.entryId}/reopen`)).status).toBe(200);
    await cite([later.id]);

    const version = await download('?version=1');
    expect(version.flat).toContain('Audit as submitted page 3 of 3');
    expect(version.flat).not.toContain('Audit revised later');
    const current = await download();
    expect(current.flat).toContain('Audit revised later page 1 of 1');
    expect(current.flat).not.toContain('Audit as submitted');
  });
});
