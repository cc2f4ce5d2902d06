import {
  type CompileOptions,
  compileEvidenceDocument,
  type ExhibitFile,
} from './evidenceDocument/compileEvidenceDocument.ts';
import { type ExportDocument, type ExportEntryMeta, evidenceModel } from './exportModel.ts';

/**
 * The supporting-evidence document (PRODUCT §2, §3 journey 7): every item as
 * a numbered exhibit in label order, matching the "see E3" citations in the
 * criteria answers, each with its attached files' pages
 * (evidenceDocument/compileEvidenceDocument.ts). Testimonials without the
 * consent they need are withheld: listed at the end by label only, with
 * nothing of their content. `filesOf` gives an item's attached files (none
 * when omitted).
 */
export async function renderEvidencePdf(
  source: ExportDocument,
  entry: ExportEntryMeta,
  filesOf: (itemId: string) => ExhibitFile[] = () => [],
  options?: CompileOptions,
): Promise<Buffer> {
  return compileEvidenceDocument(evidenceModel(source, entry), filesOf, options);
}
