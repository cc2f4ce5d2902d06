import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntryDto, ProvenanceDto } from '@jointly/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openProvider, type TestProvider, WAIT_MS, whenSynced } from '../collab/testing/collabClients.ts';
import { addMember, api, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { readDocx, readPdf } from './testing/readBack.ts';
import { SAMPLE, writeHostileContent, writeSampleItems, writeSampleSections } from './testing/sampleEntry.ts';

/**
 * The judge-ready exports (PRODUCT §3 journey 7, §6) against a real server:
 * content written by unmodified y-websocket clients (text by the lead, items
 * by a partner organisation), exports read back with independent libraries.
 */

type Who = 'lead' | 'contributor' | 'viewer' | 'outsider';

const ROUTES = [
  { path: 'export.pdf', type: 'application/pdf' },
  { path: 'export.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  { path: 'export/evidence.pdf', type: 'application/pdf' },
  { path: 'export/register.pdf', type: 'application/pdf' },
  { path: 'export/register.csv', type: 'text/csv; charset=utf-8' },
] as const;

describe('exports', () => {
  let server: TestServer;
  const people = {} as Record<Who, TestUser>;
  const providers: TestProvider[] = [];
  let entry: EntryDto;

  const download = async (user: TestUser | null, route: string, entryId = entry.id) => {
    const response = await api(server, user, 'GET', `/api/entries/${entryId}/${route}`);
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
  };

  async function connect(user: TestUser, entryId: string): Promise<TestProvider> {
    const provider = openProvider(server, user, entryId);
    providers.push(provider);
    await whenSynced(provider);
    return provider;
  }

  /** Polls provenance until `ready` holds (contributions and labels are recorded when their batch commits). */
  async function provenanceWhen(entryId: string, ready: (p: ProvenanceDto) => boolean): Promise<ProvenanceDto> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const body = (await (
        await api(server, people.lead, 'GET', `/api/entries/${entryId}/provenance`)
      ).json()) as ProvenanceDto;
      if (ready(body)) return body;
      if (Date.now() > deadline) throw new Error(`provenance never got ready: ${JSON.stringify(body)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  beforeAll(async () => {
    server = await startTestServer({}, { tuning: { roomUnloadGraceMs: 50 } });
    [people.lead, people.contributor, people.viewer, people.outsider] = await Promise.all([
      signUpUser(server, {
        organisationKind: 'nhs_trust',
        name: 'Alice Lead',
        organisationName: 'Northshire NHS Trust',
      }),
      signUpUser(server, {
        organisationKind: 'supplier',
        name: 'Bob Partner',
        organisationName: 'MedTech Partners Ltd',
      }),
      signUpUser(server, { organisationKind: 'third_sector', name: 'Carol Viewer' }),
      signUpUser(server, { organisationKind: 'nhs_trust' }),
    ]);
    const created = await api(server, people.lead, 'POST', '/api/entries', {
      title: 'Outpatients, together',
      categoryId: SAMPLE.categoryId,
    });
    entry = (await created.json()) as EntryDto;
    await addMember(server, people.lead, entry.id, people.contributor, 'contributor');
    await addMember(server, people.lead, entry.id, people.viewer, 'viewer');
    // Items first (from the partner), so their labels follow creation order: E1 evidence, E2–E4 testimonials.
    const partner = await connect(people.contributor, entry.id);
    writeSampleItems(partner.doc);
    await provenanceWhen(entry.id, (p) => p.items.length === 4);
    const lead = await connect(people.lead, entry.id);
    writeSampleSections(lead.doc);
    await provenanceWhen(entry.id, (p) => p.register.length === 2);
    // The hostile content of writeHostileContent is refused by the socket (C-SCHEMA-2) and so never stored
    // here; renderers.test.ts renders it straight from a document, and src/documents covers stored shapes.
    for (const provider of providers.splice(0)) provider.destroy();
  });
  afterEach(() => {
    for (const provider of providers.splice(0)) provider.destroy();
  });
  afterAll(() => server?.close());

  it('the criteria PDF holds the title, programme, every section with its word count, the text and "see E1"', async () => {
    const { response, bytes } = await download(people.viewer, 'export.pdf');
    expect(response.status).toBe(200);
    const pdf = await readPdf(bytes);
    const current = (await (await api(server, people.lead, 'GET', `/api/entries/${entry.id}`)).json()) as EntryDto;
    expect(pdf.flat).toContain('Outpatients, together');
    expect(pdf.flat).toContain(`${current.programme} — ${current.categoryName}`);
    for (const section of current.sections) {
      expect(pdf.flat).toContain(`${section.title} — ${section.words} / ${section.wordLimit} words`);
    }
    expect(current.sections.find((s) => s.id === SAMPLE.sections.context)!.words).toBeGreaterThan(20);
    expect(pdf.flat).toContain('How the partnership began');
    expect(pdf.flat).toContain('redesigned outpatient care');
    expect(pdf.flat).toMatch(/•\s*Joint clinics in three towns/);
    expect(pdf.flat).toMatch(/2\.\s*Measure always/);
    expect(pdf.flat).toContain('see E1');
    expect(pdf.flat).toContain('Waiting times fell by half, see E2.');
    expect(pdf.links).toEqual(['https://www.example.nhs.uk/report']);
  });

  it('the criteria DOCX holds section headings with counts, headings, list paragraphs and bold runs', async () => {
    const { response, bytes } = await download(people.contributor, 'export.docx');
    expect(response.status).toBe(200);
    const docx = await readDocx(bytes);
    const current = (await (await api(server, people.lead, 'GET', `/api/entries/${entry.id}`)).json()) as EntryDto;
    expect(docx.paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual(
      current.sections.map((s) => `${s.title} — ${s.words} / ${s.wordLimit} words`),
    );
    expect(docx.paragraphs.find((p) => p.text === 'How the partnership began')?.style).toBe('Heading2');
    const bullet = docx.paragraphs.find((p) => p.text === 'Joint clinics in three towns');
    const numbered = docx.paragraphs.find((p) => p.text === 'Listen first');
    expect(bullet?.numbering).not.toBeNull();
    expect(docx.decimalNumberingIds.has(numbered!.numbering!.id)).toBe(true);
    const body = docx.paragraphs.find((p) => p.text.startsWith('Since 2015'))!;
    expect(body.runs.some((r) => r.bold && r.text === 'redesigned outpatient care')).toBe(true);
    expect(body.text).toContain('see E1');
    expect([...docx.linkTargets.values()]).toEqual(['https://www.example.nhs.uk/report']);
  });

  it('a hostile XmlElement with onclick/script attributes never reaches the DOCX or the PDF (RELIABILITY I61)', async () => {
    // The socket refuses such content (C-SCHEMA-2), so it is stored directly, as a document
    // written before the schema was enforced would hold it.
    const created = await api(server, people.lead, 'POST', '/api/entries', {
      title: 'Stored before the schema',
      categoryId: SAMPLE.categoryId,
    });
    const hostileEntry = ((await created.json()) as EntryDto).id;
    const doc = new Y.Doc();
    writeSampleSections(doc);
    writeHostileContent(doc);
    await server.collab.store.appendUpdates(hostileEntry, {
      updates: [Y.encodeStateAsUpdate(doc)],
      contributions: [],
      clients: [],
      createdAt: Date.now(),
    });
    const download = async (route: string) =>
      new Uint8Array(
        await (await api(server, people.lead, 'GET', `/api/entries/${hostileEntry}/${route}`)).arrayBuffer(),
      );
    const docx = await readDocx(await download('export.docx'));
    for (const [part, xml] of docx.parts) {
      expect(xml, part).not.toContain(SAMPLE.hostileMarker);
      expect(xml, part).not.toMatch(/javascript:|onclick|onerror|<script/i);
    }
    expect(docx.paragraphs.some((p) => p.text.includes('Waiting times fell by half'))).toBe(true);
    const pdfBytes = await download('export.pdf');
    const pdf = await readPdf(pdfBytes);
    expect(pdf.flat).toContain('Waiting times fell by half');
    expect(pdf.flat).not.toContain(SAMPLE.hostileMarker);
    expect(Buffer.from(pdfBytes).toString('latin1')).not.toMatch(/javascript|\/JS\b|onclick/i);
  });

  it('the evidence PDF lists every exhibit in label order, anonymised, and withholds the testimonial without consent', async () => {
    const provenance = await provenanceWhen(entry.id, (p) => p.items.length === 4);
    const label = new Map(provenance.items.map((i) => [i.itemId, i.label]));
    expect(label.get(SAMPLE.items.evidence)).toBe('E1');
    const { response, bytes } = await download(people.viewer, 'export/evidence.pdf');
    expect(response.status).toBe(200);
    const pdf = await readPdf(bytes);
    const shown = [SAMPLE.items.evidence, SAMPLE.items.patient, SAMPLE.items.staff].map((id) => `${label.get(id)}: `);
    const at = shown.map((l) => pdf.flat.indexOf(l));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(pdf.flat).toContain(`E1: ${SAMPLE.evidenceTitle}`);
    expect(pdf.flat).toContain(SAMPLE.patientQuote);
    expect(pdf.flat).toContain(`${label.get(SAMPLE.items.patient)}: Testimonial — A patient`);
    expect(pdf.flat).not.toContain(SAMPLE.patientName);
    expect(pdf.flat).toContain(SAMPLE.staffName);
    expect(pdf.flat).toContain(`${label.get(SAMPLE.items.unconsented)}: testimonial withheld: consent not recorded`);
    expect(pdf.flat).not.toContain(SAMPLE.unconsentedQuote);
    expect(pdf.flat).not.toContain(SAMPLE.unconsentedName);
  });

  it('the register (PDF and CSV) lists every contributor with organisation, sections, items and edits', async () => {
    const provenance = await provenanceWhen(entry.id, (p) => p.register.length === 2);
    const pdf = await readPdf((await download(people.viewer, 'export/register.pdf')).bytes);
    const csvResponse = await download(people.viewer, 'export/register.csv');
    const csv = new TextDecoder().decode(csvResponse.bytes).replace(/^\ufeff/, '');
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header).toBe('Person,Organisation,Sections,Items,Edits,First contribution,Last contribution,Files uploaded');
    expect(rows).toHaveLength(provenance.register.length);
    for (const row of provenance.register) {
      expect(pdf.flat).toContain(row.actor.name);
      expect(pdf.flat).toContain(row.actor.organisation.name);
      expect(csv).toContain(`${row.actor.name},${row.actor.organisation.name},`);
    }
    const leadRow = rows.find((r) => r.startsWith('Alice Lead,'))!;
    expect(leadRow).toContain('Context and evolution of the partnership; Benefits and measurable outcomes');
    const partnerRow = rows.find((r) => r.startsWith('Bob Partner,'))!;
    expect(partnerRow).toContain('E1; E2; E3; E4');
    expect(pdf.flat).toContain('Context and evolution of the partnership');
  });

  it('every export: members only (viewers too), 401 signed out, 404 for others, with download headers', async () => {
    for (const route of ROUTES) {
      for (const who of ['lead', 'contributor', 'viewer'] as const) {
        const { response, bytes } = await download(people[who], route.path);
        expect(response.status, `${who} ${route.path}`).toBe(200);
        expect(response.headers.get('content-type')).toBe(route.type);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('content-disposition')).toMatch(
          /^attachment; filename="[^"]+"; filename\*=UTF-8''/,
        );
        expect(bytes.length).toBeGreaterThan(50);
      }
      const outsider = await download(people.outsider, route.path);
      expect(outsider.response.status, `outsider ${route.path}`).toBe(404);
      expect(new TextDecoder().decode(outsider.bytes)).not.toContain('Outpatients');
      expect((await download(null, route.path)).response.status, `signed out ${route.path}`).toBe(401);
      expect((await download(people.lead, route.path, 'nosuchentry0000')).response.status).toBe(404);
    }
  });

  it('?version=N is 404 until submitted versions exist, and 400 when N is not a version number', async () => {
    for (const route of ROUTES) {
      expect((await download(people.lead, `${route.path}?version=1`)).response.status).toBe(404);
      expect((await download(people.outsider, `${route.path}?version=1`)).response.status).toBe(404);
      for (const bad of ['0', '-1', 'abc', '1.5', '99999999999']) {
        expect((await download(people.lead, `${route.path}?version=${bad}`)).response.status).toBe(400);
      }
    }
  });

  it('the filename is safe (RFC 6266) when the title has quotes and slashes; CRLF is refused at the boundary', async () => {
    const refused = await api(server, people.lead, 'POST', '/api/entries', {
      title: 'Q1\r\nX-Injected: yes',
      categoryId: SAMPLE.categoryId,
    });
    expect(refused.status).toBe(400);
    const title = 'Q1 "Best" partnership X-Injected: yes/../..\\evil — Zoë';
    const created = await api(server, people.lead, 'POST', '/api/entries', { title, categoryId: SAMPLE.categoryId });
    expect(created.status).toBe(201);
    const entryId = ((await created.json()) as EntryDto).id;
    for (const route of ROUTES) {
      const { response } = await download(people.lead, route.path, entryId);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-injected')).toBeNull();
      const disposition = response.headers.get('content-disposition')!;
      const match = /^attachment; filename="([^"]*)"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)$/.exec(disposition);
      expect(match, disposition).not.toBeNull();
      const [, fallback, encoded] = match!;
      const filename = decodeURIComponent(encoded!);
      for (const name of [fallback!, filename]) {
        expect(name).not.toMatch(/[\r\n"/\\:]/);
        expect(name.startsWith('.')).toBe(false);
      }
      expect(fallback).toMatch(/^[\x20-\x7e]+$/);
      expect(filename).toContain('Best');
      expect(filename).toContain('Zoë');
      expect(filename.endsWith(route.path.endsWith('.docx') ? '.docx' : route.path.slice(-4))).toBe(true);
    }
  });

  it('the DOCX opens in LibreOffice (when installed)', async (context) => {
    const soffice = ['soffice', 'libreoffice'].find((cmd) => {
      try {
        execFileSync('which', [cmd], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    });
    if (!soffice) {
      // The README's test command installs it (scripts/ensure-system-packages.sh); CI must not skip.
      if (process.env.CI) throw new Error('LibreOffice is not installed: run scripts/ensure-system-packages.sh');
      console.warn(
        'LibreOffice (soffice/libreoffice) is not installed: skipping the "DOCX opens in LibreOffice" check.',
      );
      context.skip();
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-docx-'));
    try {
      const file = path.join(dir, 'entry.docx');
      fs.writeFileSync(file, (await download(people.lead, 'export.docx')).bytes);
      execFileSync(soffice, ['--headless', '--convert-to', 'txt:Text', '--outdir', dir, file], { timeout: 120_000 });
      const text = fs.readFileSync(path.join(dir, 'entry.txt'), 'utf8');
      expect(text).toContain('How the partnership began');
      expect(text).toContain('see E1');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
