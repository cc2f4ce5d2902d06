import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Exhibit, WITHHELD_NO_CONSENT } from '@jointly/shared';
import { degrees, PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  makeCsv,
  makeDocx,
  makeJpeg,
  makePdf,
  makePng,
  makePptx,
  makeXlsx,
} from '../../files/inspection/testing/allowedFiles.ts';
import { brokenPdf } from '../../files/inspection/testing/hostileFiles.ts';
import type { ExportEntryMeta } from '../exportModel.ts';
import { compileEvidenceDocument, type EvidenceModel, type ExhibitFile } from './compileEvidenceDocument.ts';
import { exhibitFile, makeDocxLinkingImage, makeLockedPdf, makeOtherPng } from './testing/exhibitFiles.ts';
import { pagesWith, readCompiled } from './testing/readCompiled.ts';

/** The compiled document read back with pdf.js: contents, order, attached pages, stamps, outline. */

const ENTRY: ExportEntryMeta = {
  title: 'Outpatients, together',
  programme: 'HSJ Partnership Awards',
  categoryName: 'Long Term Partnership',
  sections: [],
  exhibitLabels: new Map(),
  organisations: ['Example NHS Trust', 'MedLogix Ltd'],
};
const FOOTER = 'Outpatients, together — Draft — Example NHS Trust and MedLogix Ltd';

const evidence = (label: string, itemId: string, title: string): Exhibit => ({
  kind: 'evidence',
  label,
  itemId,
  title,
  fields: [{ label: 'Kind', value: 'Audit' }],
});

function model(exhibits: Exhibit[], withheld: EvidenceModel['withheld'] = []): EvidenceModel {
  return { entry: ENTRY, exhibits, withheld };
}

const A4 = { width: 595, height: 842 };

const hasSoffice = (() => {
  try {
    execFileSync('which', ['soffice'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('compileEvidenceDocument', () => {
  it('contents with right start pages, exhibits in order, merged pages, images on A4, stamps and bookmarks', async () => {
    const report = await makePdf({ pages: 3, text: 'Report' });
    const files: Record<string, ExhibitFile[]> = {
      audit: [
        exhibitFile('audit report.pdf', 'pdf', report, 3),
        exhibitFile('chart.png', 'png', await makePng(400, 900)),
      ],
      photo: [
        exhibitFile('clinic photo.jpg', 'jpeg', await makeJpeg(120, 80)),
        exhibitFile('minutes.docx', 'docx', await makeDocx(['Minutes words'])),
      ],
      // A testimonial's files are consent forms: never in the judges' document, even if offered.
      staff: [exhibitFile('consent form.pdf', 'pdf', await makePdf({ text: 'Signed consent form' }))],
    };
    const exhibits: Exhibit[] = [
      evidence('E1', 'audit', 'Clinic audit'),
      evidence('E2', 'photo', 'New clinic'),
      evidence('E3', 'bare', 'Waiting list figures'),
      {
        kind: 'testimonial',
        label: 'E4',
        itemId: 'staff',
        quote: 'The pathway halved our list.',
        attribution: 'Ward sister, Example NHS Trust',
        fields: [],
      },
    ];
    const bytes = await compileEvidenceDocument(
      model(exhibits, [{ label: 'E5', reason: WITHHELD_NO_CONSENT }]),
      (id) => files[id] ?? [],
      { convertOffice: false },
    );
    const pdf = await readCompiled(bytes);

    // Contents (1 page), E1 heading + 3 report pages + image, E2 heading + image, E3, E4, withheld.
    const starts = { E1: 2, E2: 7, E3: 9, E4: 10, withheld: 11 };
    expect(pdf.pages).toBe(11);
    expect(pdf.pageTexts[0]).toContain('Contents');
    expect(pdf.pageTexts[0]).toContain(`E1 Clinic audit ${starts.E1}`);
    expect(pdf.pageTexts[0]).toContain(`E2 New clinic ${starts.E2}`);
    expect(pdf.pageTexts[0]).toContain(`E3 Waiting list figures ${starts.E3}`);
    expect(pdf.pageTexts[0]).toContain(`E4 Testimonial — Ward sister, Example NHS Trust ${starts.E4}`);
    expect(pdf.pageTexts[0]).toContain(`E5 Testimonial withheld: consent not recorded ${starts.withheld}`);
    expect(pagesWith(pdf, 'E1: Clinic audit')).toEqual([starts.E1]);
    expect(pagesWith(pdf, 'E2: New clinic')).toEqual([starts.E2]);
    expect(pagesWith(pdf, 'E3: Waiting list figures')).toEqual([starts.E3]);
    expect(pagesWith(pdf, 'E4: Testimonial — Ward sister')).toEqual([starts.E4]);
    expect(pagesWith(pdf, 'E5: testimonial withheld: consent not recorded')).toEqual([starts.withheld]);

    // The 3-page PDF's pages follow its exhibit's heading, in order; its heading says what follows.
    expect(pagesWith(pdf, 'Report page 1 of 3')).toEqual([3]);
    expect(pagesWith(pdf, 'Report page 2 of 3')).toEqual([4]);
    expect(pagesWith(pdf, 'Report page 3 of 3')).toEqual([5]);
    expect(pdf.pageTexts[1]).toContain('1. audit report.pdf: included below (3 pages).');
    // Images each on an A4 page of their own (portrait for a tall one, landscape for a wide one), named.
    expect(pdf.sizes[5]).toEqual(A4);
    expect(pdf.pageTexts[5]).toContain('chart.png');
    expect(pdf.sizes[7]).toEqual({ width: A4.height, height: A4.width });
    expect(pdf.pageTexts[7]).toContain('clinic photo.jpg');
    // Without conversion, the Word file is named as attached separately.
    expect(pdf.pageTexts[6]).toContain('2. minutes.docx: attached separately (Word document).');
    expect(pdf.flat).not.toContain('Minutes words');
    expect(pdf.flat).not.toContain('Signed consent form');
    expect(pdf.flat).not.toContain('consent form.pdf');

    // Every page: the footer and its number; an exhibit's pages (attached ones too): its number.
    pdf.pageTexts.forEach((text, index) => {
      expect(text, `page ${index + 1}`).toContain(`Page ${index + 1} of 11`);
      expect(text, `page ${index + 1}`).toContain(FOOTER);
    });
    const exhibitPages = (label: string) => pagesWith(pdf, `Exhibit ${label}`);
    expect(exhibitPages('E1')).toEqual([2, 3, 4, 5, 6]);
    expect(exhibitPages('E2')).toEqual([7, 8]);
    expect(exhibitPages('E3')).toEqual([9]);
    expect(exhibitPages('E4')).toEqual([10]);
    expect(pagesWith(pdf, 'Exhibit E')).not.toContain(1);
    expect(pagesWith(pdf, 'Exhibit E')).not.toContain(11);

    expect(pdf.outline).toEqual([
      { title: 'E1: Clinic audit', page: starts.E1 },
      { title: 'E2: New clinic', page: starts.E2 },
      { title: 'E3: Waiting list figures', page: starts.E3 },
      { title: 'E4: Testimonial — Ward sister, Example NHS Trust', page: starts.E4 },
      { title: 'Withheld exhibits', page: starts.withheld },
    ]);
    // Each contents row opens its exhibit's first page.
    expect(pdf.internalLinks).toEqual(
      [starts.E1, starts.E2, starts.E3, starts.E4, starts.withheld].map((to) => ({ from: 1, to })),
    );
    expect(pdf.title).toBe('Outpatients, together: supporting evidence');
  });

  it('names a password-protected or unreadable PDF and a broken image instead of including them', async () => {
    const files = [
      exhibitFile('locked.pdf', 'pdf', await makeLockedPdf('Secret page', 'pw')),
      exhibitFile('broken.pdf', 'pdf', brokenPdf().bytes),
      exhibitFile('broken.png', 'png', Buffer.from('not a png')),
      exhibitFile('fine.pdf', 'pdf', await makePdf({ text: 'Fine' })),
    ];
    const pdf = await readCompiled(
      await compileEvidenceDocument(model([evidence('E1', 'a', 'Mixed files')]), () => files),
    );
    expect(pdf.pages).toBe(3);
    expect(pdf.pageTexts[1]).toContain('1. locked.pdf: could not be included: it is password-protected.');
    expect(pdf.pageTexts[1]).toContain('2. broken.pdf: could not be included: it could not be read as a PDF.');
    expect(pdf.pageTexts[1]).toContain('3. broken.png: could not be included: the image could not be read.');
    expect(pdf.pageTexts[1]).toContain('4. fine.pdf: included below (1 page).');
    expect(pdf.pageTexts[2]).toContain('Fine page 1 of 1');
    expect(pdf.flat).not.toContain('Secret page');
  });

  it('places a PNG with transparency (as a soft mask) and a greyscale PNG', async () => {
    const files = [
      exhibitFile('overlay.png', 'png', await makeOtherPng('alpha')),
      exhibitFile('scan.png', 'png', await makeOtherPng('grey')),
    ];
    const bytes = await compileEvidenceDocument(model([evidence('E1', 'a', 'Images')]), () => files);
    const pdf = await readCompiled(bytes);
    expect(pdf.pages).toBe(4);
    expect(pdf.pageTexts[1]).toContain(
      '1. overlay.png: included below (1 page). 2. scan.png: included below (1 page).',
    );
    expect(pdf.sizes[2]).toEqual({ width: A4.height, height: A4.width });
    expect(Buffer.from(bytes).toString('latin1')).toContain('/SMask');
  });

  it('prints a CSV as a table, and stamps a rotated attached page where it is read', async () => {
    const rotated = await PDFDocument.create();
    const page = rotated.addPage([842, 595]);
    page.setRotation(degrees(90));
    const csv = makeCsv([
      ['Month', 'Waits', 'Note, quoted'],
      ['January', '42', 'said "fine"'],
      ['February', '38', ''],
    ]);
    const files = [exhibitFile('waits.csv', 'csv', csv), exhibitFile('rotated.pdf', 'pdf', await rotated.save())];
    const pdf = await readCompiled(await compileEvidenceDocument(model([evidence('E1', 'a', 'Waits')]), () => files));
    expect(pdf.pages).toBe(4);
    expect(pdf.pageTexts[2]).toContain('waits.csv');
    expect(pdf.pageTexts[2]).toMatch(/Month\s*Waits\s*Note, quoted\s*January\s*42\s*said "fine"\s*February\s*38/);
    expect(pdf.sizes[3]).toEqual({ width: 595, height: 842 });
    expect(pdf.pageTexts[3]).toContain('Page 4 of 4');
    expect(pdf.pageTexts[3]).toContain('Exhibit E1');
  });

  it.skipIf(!hasSoffice && !process.env.CI)(
    'converts Word, Excel and PowerPoint files with LibreOffice',
    { timeout: 120_000 },
    async () => {
      const files = [
        exhibitFile('plan.docx', 'docx', await makeDocx(['Partnership plan words'])),
        exhibitFile(
          'figures.xlsx',
          'xlsx',
          await makeXlsx([
            ['Month', 'Waits'],
            ['March', 31],
          ]),
        ),
        exhibitFile('deck.pptx', 'pptx', await makePptx(['First slide words', 'Second slide words'])),
      ];
      const pdf = await readCompiled(
        await compileEvidenceDocument(model([evidence('E1', 'a', 'Office files')]), () => files),
      );
      expect(pdf.pageTexts[1]).toContain('1. plan.docx: converted to PDF and included below (1 page).');
      expect(pdf.pageTexts[1]).toContain('3. deck.pptx: converted to PDF and included below (2 pages).');
      expect(pagesWith(pdf, 'Partnership plan words')).toEqual([3]);
      expect(pagesWith(pdf, 'March')).toEqual([4]);
      expect(pagesWith(pdf, 'First slide words')).toEqual([5]);
      expect(pagesWith(pdf, 'Second slide words')).toEqual([6]);
      expect(pagesWith(pdf, 'Exhibit E1')).toEqual([2, 3, 4, 5, 6]);
    },
  );

  it.skipIf(!hasSoffice && !process.env.CI)(
    'LibreOffice does not fetch what an uploaded document links to (no SSRF from the server)',
    { timeout: 120_000 },
    async () => {
      const requests: string[] = [];
      const listener = createServer((request, response) => {
        requests.push(request.url ?? '');
        response.end();
      });
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = listener.address() as AddressInfo;
        const linking = await makeDocxLinkingImage('Words beside a linked image', `http://127.0.0.1:${port}/probe.png`);
        const files = [exhibitFile('linking.docx', 'docx', linking)];
        const pdf = await readCompiled(
          await compileEvidenceDocument(model([evidence('E1', 'a', 'Linked')]), () => files),
        );
        expect(pdf.pageTexts[2]).toContain('Words beside a linked image');
        expect(requests).toEqual([]);
      } finally {
        listener.close();
      }
    },
  );

  it.skipIf(!hasSoffice && !process.env.CI)(
    'a conversion over its time limit is killed and the file named as attached separately',
    { timeout: 60_000 },
    async () => {
      const files = [exhibitFile('slow.docx', 'docx', await makeDocx(['Never converted']))];
      const started = Date.now();
      const pdf = await readCompiled(
        await compileEvidenceDocument(model([evidence('E1', 'a', 'Slow')]), () => files, { timeoutMs: 200 }),
      );
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(pdf.pageTexts[1]).toContain(
        '1. slow.docx: took too long to convert to PDF; it is attached separately (Word document).',
      );
    },
  );

  it('an entry without exhibits is a title and an empty contents page', async () => {
    const pdf = await readCompiled(await compileEvidenceDocument(model([]), () => []));
    expect(pdf.pages).toBe(1);
    expect(pdf.pageTexts[0]).toContain('No exhibits.');
    expect(pdf.pageTexts[0]).toContain('Page 1 of 1');
    expect(pdf.outline).toEqual([]);
  });
});
