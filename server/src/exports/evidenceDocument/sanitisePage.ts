import { PDFArray, PDFDict, PDFHexString, PDFName, type PDFPage, PDFString } from 'pdf-lib';

/**
 * What a merged page may keep of the actions its file carried. Uploads with
 * JavaScript or launch actions are refused at upload (files/inspection/
 * checkPdf.ts), but converted Office files and the odd case the check does
 * not know still reach here, and the compiled document is opened by judges:
 * page and annotation trigger actions (/AA) go, and a link keeps its action
 * only when it goes to a web or mail address or within the document.
 */

const AA = PDFName.of('AA');
const A = PDFName.of('A');
const S = PDFName.of('S');
const URI = PDFName.of('URI');
const GOTO = PDFName.of('GoTo');
const SAFE_URI = /^(https?:|mailto:)/i;

function linkTarget(action: PDFDict): string | null {
  const uri = action.lookup(URI);
  if (uri instanceof PDFString || uri instanceof PDFHexString) return uri.decodeText();
  return null;
}

function keepsAction(action: PDFDict): boolean {
  const kind = action.lookup(S);
  if (kind === GOTO) return true;
  if (kind === URI) return SAFE_URI.test(linkTarget(action) ?? '');
  return false;
}

export function sanitisePage(page: PDFPage): void {
  page.node.delete(AA);
  const annotations = page.node.lookup(PDFName.of('Annots'));
  if (!(annotations instanceof PDFArray)) return;
  for (let index = 0; index < annotations.size(); index++) {
    const annotation = annotations.lookup(index);
    if (!(annotation instanceof PDFDict)) continue;
    annotation.delete(AA);
    const action = annotation.lookup(A);
    if (action instanceof PDFDict && !keepsAction(action)) annotation.delete(A);
    else if (action !== undefined && !(action instanceof PDFDict)) annotation.delete(A);
  }
}
