import type { IStylesOptions } from 'docx';

/**
 * The named styles of the criteria DOCX (issue 18 item 5): every paragraph
 * has a real Word style, so Word's navigation pane and style list, and a
 * screen reader, see the title, headings, lists and quotes for what they
 * are; and the document's language is set for spelling and speech (British
 * English, Arabic for right-to-left runs).
 *
 * docx writes Title, Heading 1–6, List Paragraph and Hyperlink from
 * `DOCX_DEFAULT_STYLES`; the others are given as styles.xml markup
 * (`DOCX_EXTRA_STYLES`), the one way docx takes a default paragraph style
 * (Normal, w:default="1", on which every other style is based).
 */

export const DOCUMENT_LANGUAGE = { value: 'en-GB', bidirectional: 'ar-SA' } as const;
export const STYLE = {
  subtitle: 'Subtitle',
  quote: 'Quote',
  listBullet: 'ListBullet',
  listNumber: 'ListNumber',
  footer: 'Footer',
} as const;

const FONT = 'Arial';

export const DOCX_DEFAULT_STYLES: NonNullable<IStylesOptions['default']> = {
  document: {
    run: { font: FONT, size: 22, language: DOCUMENT_LANGUAGE },
    paragraph: { spacing: { after: 120 } },
  },
  title: { run: { font: FONT, size: 40, bold: true } },
  heading1: { run: { font: FONT, size: 30, bold: true }, paragraph: { spacing: { before: 360, after: 120 } } },
  heading2: { run: { font: FONT, size: 26, bold: true }, paragraph: { spacing: { before: 240, after: 80 } } },
  heading3: { run: { font: FONT, size: 24, bold: true }, paragraph: { spacing: { before: 200, after: 80 } } },
  hyperlink: { run: { color: '005EB8', underline: {} } },
};

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A paragraph style based on Normal. */
const style = (id: string, name: string, properties: { paragraph?: string; run?: string } = {}) =>
  `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/>` +
  '<w:next w:val="Normal"/><w:qFormat/>' +
  (properties.paragraph ? `<w:pPr>${properties.paragraph}</w:pPr>` : '') +
  (properties.run ? `<w:rPr>${properties.run}</w:rPr>` : '') +
  '</w:style>';

export const DOCX_EXTRA_STYLES =
  `<w:styles xmlns:w="${W}">` +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>' +
  '<w:pPr><w:spacing w:after="120"/></w:pPr>' +
  `<w:rPr><w:rFonts w:ascii="${FONT}" w:hAnsi="${FONT}" w:cs="${FONT}" w:eastAsia="${FONT}"/>` +
  '<w:sz w:val="22"/><w:szCs w:val="22"/>' +
  `<w:lang w:val="${DOCUMENT_LANGUAGE.value}" w:bidi="${DOCUMENT_LANGUAGE.bidirectional}"/></w:rPr></w:style>` +
  style(STYLE.subtitle, 'Subtitle', { run: '<w:b/><w:bCs/><w:color w:val="4C6272"/><w:sz w:val="24"/>' }) +
  style(STYLE.quote, 'Quote', {
    paragraph: '<w:pBdr><w:left w:val="single" w:sz="12" w:space="8" w:color="8C8C8C"/></w:pBdr><w:ind w:left="720"/>',
  }) +
  style(STYLE.listBullet, 'List Bullet', { paragraph: '<w:contextualSpacing/>' }) +
  style(STYLE.listNumber, 'List Number', { paragraph: '<w:contextualSpacing/>' }) +
  style(STYLE.footer, 'footer', { run: '<w:color w:val="4C6272"/><w:sz w:val="16"/><w:szCs w:val="16"/>' }) +
  '</w:styles>';
