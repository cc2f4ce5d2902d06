import JSZip from 'jszip';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { renderCriteriaDocx } from './criteriaDocx.ts';
import { renderCriteriaPdf } from './criteriaPdf.ts';
import { renderEvidencePdf } from './evidencePdf.ts';
import { renderRegisterPdf } from './register.ts';
import {
  ARABIC_PARAGRAPH,
  NAMES,
  nonLatinEntry,
  nonLatinRegister,
  nonLatinUploads,
  ORGANISATIONS,
} from './testing/nonLatinEntry.ts';
import { checkPdfUa } from './testing/pdfUaCheck.ts';
import { readDocx, readPdf } from './testing/readBack.ts';
import { pdfBytesOf } from './writing/pdfWriter.ts';

/**
 * Exports anyone can read (issue 18 item 5): an entry full of names in other
 * scripts, exported as the criteria PDF, the register and the evidence
 * document, read back with pdf.js (every name intact), and checked against
 * PDF/UA-1 with testing/pdfUaCheck.ts (our structural check: no PDF/UA
 * validator is published on npm and veraPDF is not on this machine); and the
 * DOCX's styles, footer and language read from its XML.
 *
 * What pdf.js gives back for Arabic: a line wholly in Arabic in reading
 * (logical) order; on a line mixing scripts, the runs from left to right as
 * set, each Arabic run in reading order. Text is compared in NFC (a letter
 * the font draws as a base and a mark reads back as the two).
 */

const nfc = (text: string) => text.normalize('NFC');
const everyName = [...Object.values(NAMES), ...ORGANISATIONS];

describe('exports anyone can read', () => {
  it('the criteria PDF: every name intact, embedded fonts, tagged (H1, H2, P, lists, links), language, bookmarks', async () => {
    const { doc, meta } = nonLatinEntry();
    const bytes = await renderCriteriaPdf(doc, meta);
    const read = await readPdf(bytes);
    const text = nfc(read.flat);
    for (const name of [...Object.values(NAMES), meta.title]) expect(text).toContain(name);
    // Every page's footer names the entry and its partners (cut with an ellipsis where they run long).
    expect(nfc(read.pageTexts[0]!)).toContain(`${meta.title} — Draft — ${ORGANISATIONS[0]}, ${ORGANISATIONS[1]}`);
    // A paragraph wholly in Arabic reads back in reading order, however it wraps.
    expect(text).toContain(ARABIC_PARAGRAPH);
    expect(read.links).toEqual(['https://www.example.nhs.uk/report']);

    const report = await checkPdfUa(bytes, { claimsPdfUa: true });
    expect(report.problems).toEqual([]);
    expect(report.language).toBe('en-GB');
    for (const role of ['Document', 'H1', 'H2', 'H3', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Link', 'BlockQuote']) {
      expect(report.roles).toContain(role);
    }
    expect(report.roles.filter((role) => role === 'H1')).toHaveLength(1);
    expect(report.outline).toEqual(meta.sections.map((section) => section.title));
  });

  it('the register PDF: every name in its table, tagged as a table with header cells', async () => {
    const { doc, meta } = nonLatinEntry();
    const bytes = await renderRegisterPdf(doc, meta, nonLatinRegister());
    const read = await readPdf(bytes);
    for (const name of everyName) expect(nfc(read.flat)).toContain(name);
    // A cell wholly in Arabic reads back in reading order.
    expect(read.text.split('\n').some((line) => line.includes(`${NAMES.aisha} ${ORGANISATIONS[0]}`))).toBe(true);

    const report = await checkPdfUa(bytes, { claimsPdfUa: true });
    expect(report.problems).toEqual([]);
    for (const role of ['H1', 'Table', 'TR', 'TH', 'TD']) expect(report.roles).toContain(role);
    expect(report.roles.filter((role) => role === 'TH')).toHaveLength(6);
    expect(report.roles.filter((role) => role === 'TR')).toHaveLength(1 + Object.keys(NAMES).length);
  });

  it('the evidence document: names intact on our pages and in the attached table, the image a Figure with its text', async () => {
    const { doc, meta } = nonLatinEntry();
    const bytes = await renderEvidencePdf(doc, meta, await nonLatinUploads(), { convertOffice: false });
    const read = await readPdf(bytes);
    const text = nfc(read.flat);
    // The names in the items, the uploads and the footer (the section text is not in this document).
    for (const name of [NAMES.zoe, NAMES.nguyen, NAMES.aisha, NAMES.eleni, NAMES.dmitry, ORGANISATIONS[1]]) {
      expect(text).toContain(name);
    }
    expect(text).toContain(`E1: Waiting times audit by ${NAMES.nguyen}`);
    expect(text).toContain(`E2: Testimonial — ${NAMES.aisha}, Nurse, ${ORGANISATIONS[1]}`);
    expect(text).toContain(`${NAMES.aisha} ${ORGANISATIONS[1]} 12`);

    // Not claimed as PDF/UA (an attached PDF may be anything), but what Jointly writes passes the same check.
    const report = await checkPdfUa(bytes, { claimsPdfUa: false });
    expect(report.problems).toEqual([]);
    for (const role of ['H1', 'H2', 'TOC', 'TOCI', 'Link', 'Sect', 'Figure', 'Table', 'TH', 'TD', 'L', 'LI']) {
      expect(report.roles).toContain(role);
    }
    expect(report.figures).toEqual([`Attached image: chart by ${NAMES.zoe}.png`]);
    expect(report.outline.map(nfc)).toEqual([
      `E1: Waiting times audit by ${NAMES.nguyen}`,
      `E2: Testimonial — ${NAMES.aisha}, Nurse, ${ORGANISATIONS[1]}`,
    ]);
  });

  it('the check finds what an untagged PDF with a standard font lacks', async () => {
    const doc = new PDFDocument({ size: 'A4' });
    const done = pdfBytesOf(doc);
    doc.font('Helvetica').text('Zoe and Lukasz', 72, 72);
    doc.end();
    const report = await checkPdfUa(await done, { claimsPdfUa: true });
    expect(report.problems).toEqual(
      expect.arrayContaining([
        'no document title',
        'no document language (/Lang)',
        'DisplayDocTitle is not true',
        'MarkInfo /Marked is not true',
        'no pdfuaid:part 1 in the XMP',
        'no bookmarks',
        'page 1: untagged text "Zoe and Lukasz"',
        'no structure tree',
        'font Helvetica is not embedded (standard 14)',
      ]),
    );
  });

  it('the DOCX: named styles used throughout, language set, footer with page X of Y, right-to-left paragraphs', async () => {
    const { doc, meta } = nonLatinEntry();
    const bytes = await renderCriteriaDocx(doc, meta);
    const docx = await readDocx(bytes);
    const styles = docx.parts.get('word/styles.xml')!;
    const named = new Map(
      [...styles.matchAll(/<w:style [^>]*w:styleId="([^"]*)"[^>]*>\s*<w:name w:val="([^"]*)"/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    for (const [id, name] of [
      ['Normal', 'Normal'],
      ['Title', 'Title'],
      ['Subtitle', 'Subtitle'],
      ['Heading1', 'Heading 1'],
      ['Heading2', 'Heading 2'],
      ['ListBullet', 'List Bullet'],
      ['ListNumber', 'List Number'],
      ['Quote', 'Quote'],
      ['Footer', 'footer'],
    ]) {
      expect(named.get(id)).toBe(name);
    }
    expect(styles).toMatch(/<w:style w:type="paragraph" w:default="1" w:styleId="Normal">/);
    // The language, in the document defaults and in Normal.
    expect(styles.match(/<w:lang w:val="en-GB" w:bidi="ar-SA"\/>/g)?.length).toBeGreaterThanOrEqual(2);

    const byText = (text: string) => docx.paragraphs.find((paragraph) => nfc(paragraph.text) === nfc(text));
    expect(docx.paragraphs[0]).toMatchObject({ style: 'Title', text: meta.title });
    expect(docx.paragraphs[1]?.style).toBe('Subtitle');
    expect(byText(`How ${NAMES.zoe} and ${NAMES.aisha} met`)?.style).toBe('Heading2');
    expect(byText(`Clinics run by ${NAMES.eleni}`)?.style).toBe('ListBullet');
    expect(byText('Measure always')?.style).toBe('ListNumber');
    expect(byText('Patients said it felt like one service.')?.style).toBe('Quote');
    expect(docx.paragraphs.filter((paragraph) => paragraph.style === 'Heading1')).toHaveLength(meta.sections.length);

    // The Arabic paragraph is right to left, its run marked so.
    const xml = docx.parts.get('word/document.xml')!;
    const arabic = [...xml.matchAll(/<w:p>[\s\S]*?<\/w:p>/g)]
      .map((m) => m[0])
      .find((p) => p.includes(ARABIC_PARAGRAPH));
    expect(arabic).toMatch(/<w:bidi\/>/);
    expect(arabic).toMatch(/<w:rtl\/>/);

    const footer = docx.parts.get('word/footer1.xml')!;
    expect(footer).toContain('<w:pStyle w:val="Footer"/>');
    expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(footer).toMatch(/<w:instrText[^>]*>\s*NUMPAGES\s*<\/w:instrText>/);
    expect(nfc(footer)).toContain(nfc(meta.title));

    const zip = await JSZip.loadAsync(bytes);
    expect(await zip.file('docProps/core.xml')!.async('string')).toContain(`<dc:title>${meta.title}</dc:title>`);
  });
});
