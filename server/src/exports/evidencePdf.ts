import { type EvidenceModel, type ExportDocument, type ExportEntryMeta, evidenceModel } from './exportModel.ts';
import { footerText, subtitleOf } from './exportText.ts';
import { COLOUR, createPdf, FONT, keepSpace, pdfText, writeTitleBlock } from './pdfWriter.ts';

/**
 * The supporting-evidence document (PRODUCT §2, §3 journey 7): every item as
 * a numbered exhibit in label order, matching the "see E3" citations in the
 * criteria answers. Testimonials without the consent they need are withheld:
 * listed at the end by label only, with nothing of their content.
 */
export async function renderEvidencePdf(source: ExportDocument, entry: ExportEntryMeta): Promise<Buffer> {
  return evidencePdfFromModel(evidenceModel(source, entry));
}

export async function evidencePdfFromModel(model: EvidenceModel): Promise<Buffer> {
  const { doc, finish } = createPdf({
    title: `${model.entry.title}: supporting evidence`,
    subject: `${model.entry.programme} — ${model.entry.categoryName}: supporting evidence`,
    footer: footerText(model.entry),
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  writeTitleBlock(doc, 'Supporting evidence', model.entry.title, subtitleOf(model.entry));

  if (model.exhibits.length === 0) {
    doc.font(FONT.italic).fontSize(11).fillColor(COLOUR.muted).text('No exhibits.', left, doc.y, { width });
    doc.fillColor(COLOUR.text).moveDown(1);
  }

  for (const exhibit of model.exhibits) {
    keepSpace(doc, 90);
    const label = exhibit.label ?? 'Exhibit (label pending)';
    const heading =
      exhibit.kind === 'evidence' ? `${label}: ${exhibit.title}` : `${label}: Testimonial — ${exhibit.attribution}`;
    doc.font(FONT.bold).fontSize(14).fillColor(COLOUR.text).text(pdfText(heading), left, doc.y, { width });
    doc.moveDown(0.4);
    if (exhibit.kind === 'testimonial') {
      doc
        .font(FONT.italic)
        .fontSize(11)
        .text(pdfText(exhibit.quote ? `\u201c${exhibit.quote}\u201d` : 'No quote recorded.'), left + 12, doc.y, {
          width: width - 12,
        });
      doc.moveDown(0.3);
      doc
        .font(FONT.regular)
        .fontSize(11)
        .text(pdfText(`\u2014 ${exhibit.attribution}`), left + 12, doc.y, { width: width - 12 });
      doc.moveDown(0.4);
    }
    for (const field of exhibit.fields) {
      doc
        .font(FONT.bold)
        .fontSize(10.5)
        .fillColor(COLOUR.muted)
        .text(pdfText(`${field.label}: `), left, doc.y, { width, continued: true })
        .font(FONT.regular)
        .fillColor(COLOUR.text)
        .text(pdfText(field.value));
      doc.moveDown(0.2);
    }
    doc.moveDown(1);
  }

  if (model.withheld.length > 0) {
    keepSpace(doc, 60);
    doc.font(FONT.bold).fontSize(14).fillColor(COLOUR.text).text('Withheld exhibits', left, doc.y, { width });
    doc.moveDown(0.4);
    for (const item of model.withheld) {
      doc
        .font(FONT.regular)
        .fontSize(11)
        .text(pdfText(`${item.label ?? 'Exhibit (label pending)'}: testimonial ${item.reason}`), left, doc.y, {
          width,
        });
      doc.moveDown(0.2);
    }
  }
  return finish();
}
