import fs from 'node:fs';
import path from 'node:path';
import { FILE_ID_PATTERN, type FileDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { makeCsv, makePng } from './inspection/testing/allowedFiles.ts';
import { upload, uploadOk } from './testing/uploads.ts';

/** How files are served (RELIABILITY H54) and what becomes of hostile names (H55). */
describe('serving evidence files', () => {
  let server: TestServer;
  let lead: TestUser;
  let entryId: string;

  beforeAll(async () => {
    server = await startTestServer();
    lead = await signUpUser(server);
    entryId = (await createEntry(server, lead)).id;
  });
  afterAll(() => server?.close());

  const download = (file: FileDto) => api(server, lead, 'GET', `/api/entries/${entryId}/files/${file.id}`);

  it('H54: a download is an attachment of its stored type and length, never sniffed, sandboxed, never cached', async () => {
    // A CSV's cells can hold markup; a browser must neither render nor sniff it on Jointly's origin.
    const bytes = makeCsv([['Note'], ['<img src=x onerror=alert(1)>']]);
    const csv = await uploadOk(server, lead, entryId, { bytes, filename: 'page.csv', type: 'text/html' });
    const png = await uploadOk(server, lead, entryId, { bytes: await makePng(), filename: 'chart.png' });
    for (const file of [csv, png]) {
      const response = await download(file);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(file.type);
      expect(response.headers.get('content-length')).toBe(String(file.size));
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(Buffer.from(await response.arrayBuffer()).length).toBe(file.size);
    }
    expect(csv.type).toBe('text/csv');
    // The app's own pages keep their policy.
    const me = await api(server, lead, 'GET', '/api/me');
    expect(me.headers.get('content-security-policy')).not.toContain('sandbox');
  });

  it('H55: hostile names are stored under a server id, shown cleaned, and sent encoded (RFC 6266)', async () => {
    const cases: { sent: string; shown: string }[] = [
      { sent: '../../x.csv', shown: 'x.csv' },
      { sent: '..\\..\\windows\\system32\\evil.csv', shown: 'evil.csv' },
      { sent: 'CON', shown: 'CON.csv' },
      // Shown as "invoicexsl.csv" with the override; cleaned, it reads as it is.
      { sent: 'invoice\u202Elsx.csv', shown: 'invoicelsx.csv' },
      { sent: 'report\r\nSet-Cookie: stolen=1.csv', shown: 'reportSet-Cookie: stolen=1.csv' },
      { sent: 'Résumé “final”.csv', shown: 'Résumé “final”.csv' },
    ];
    for (const { sent, shown } of cases) {
      const file = await uploadOk(server, lead, entryId, { bytes: makeCsv(), filenameStar: sent });
      expect(file.name).toBe(shown);
      expect(file.id).toMatch(FILE_ID_PATTERN);
      const response = await download(file);
      const header = response.headers.get('content-disposition')!;
      // The header is one line of printable ASCII; the exact name is only in the encoded filename*.
      expect(header).toMatch(/^[\x20-\x7e]+$/);
      expect(response.headers.get('set-cookie')).toBeNull();
      const encoded = /filename\*=UTF-8''(.+)$/.exec(header)![1]!;
      expect(decodeURIComponent(encoded)).toBe(shown);
    }
    // Cleaned of its override, "invoice\u202Evsc.exe" ends in .exe: a CSV's bytes under that name are refused.
    const disguised = await upload(server, lead, entryId, { bytes: makeCsv(), filenameStar: 'invoice\u202Evsc.exe' });
    expect(disguised.status).toBe(422);
    // On disk only blobs named by their hash: no name the uploader chose reaches the file system.
    const blobsDir = path.join(server.dataDir, 'files');
    const stored = fs.readdirSync(blobsDir, { recursive: true }).map(String);
    expect(stored.every((p) => /^[0-9a-f]{2}(\/[0-9a-f]{64})?$/.test(p))).toBe(true);
    expect(fs.existsSync(path.join(server.dataDir, 'x.csv'))).toBe(false);
  });

  it('the same bytes uploaded twice are two files (each cited by its own id) and one blob', async () => {
    const bytes = makeCsv([['only', 'once']]);
    const a = await uploadOk(server, lead, entryId, { bytes, filename: 'a.csv' });
    const b = await uploadOk(server, lead, entryId, { bytes, filename: 'b.csv' });
    expect(a.id).not.toBe(b.id);
    expect(a.sha256).toBe(b.sha256);
    const blob = path.join(server.dataDir, 'files', a.sha256.slice(0, 2), a.sha256);
    expect(fs.readFileSync(blob).equals(bytes)).toBe(true);
    expect(Buffer.from(await (await download(b)).arrayBuffer()).equals(bytes)).toBe(true);
  });
});
