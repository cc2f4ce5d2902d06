import { PDFArray, PDFDict, type PDFDocument, PDFName } from 'pdf-lib';

/**
 * Gives every subset font of the compiled document a tag of its own. A
 * subset's name starts with a six-letter tag ("ABCDEF+NotoSans-Regular")
 * that tells subsets of one font apart; pdfkit derives it from the font's
 * place in its document, so the subsets of each merged part (and of an
 * attached file) can share a name while holding different glyphs, and a
 * reader that goes by names may draw one with the other's glyphs.
 */

const TAGGED = /^[A-Z]{6}\+/;

function tagOf(index: number): string {
  let tag = '';
  let rest = index;
  for (let place = 0; place < 6; place++) {
    tag = String.fromCharCode(65 + (rest % 26)) + tag;
    rest = Math.floor(rest / 26);
  }
  return tag;
}

export function uniqueSubsetNames(out: PDFDocument): void {
  let next = 0;
  const rename = (dict: PDFDict | undefined, key: string, tag: string) => {
    const name = dict?.lookupMaybe(PDFName.of(key), PDFName)?.decodeText();
    if (dict && name && TAGGED.test(name)) dict.set(PDFName.of(key), PDFName.of(`${tag}+${name.slice(7)}`));
  };
  for (const [, object] of out.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    if (object.get(PDFName.of('Subtype')) === PDFName.of('CIDFontType2')) continue; // renamed with its Type0 parent
    const name = object.lookupMaybe(PDFName.of('BaseFont'), PDFName)?.decodeText();
    if (!name || !TAGGED.test(name)) continue;
    const tag = tagOf(next++);
    rename(object, 'BaseFont', tag);
    const descendants = object.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray);
    const fonts = [object, ...(descendants ? [descendants.lookupMaybe(0, PDFDict)] : [])];
    for (const font of fonts) {
      if (font !== object) rename(font, 'BaseFont', tag);
      rename(font?.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict), 'FontName', tag);
    }
  }
}
