import { EVIDENCE_MAP, type FileKind, itemCollectionIn, readEvidence } from '@jointly/shared';
import {
  type CompileOptions,
  compileEvidenceDocument,
  type ExhibitFile,
} from './evidenceDocument/compileEvidenceDocument.ts';
import { type ExportDocument, type ExportEntryMeta, evidenceModel, withDocument } from './exportModel.ts';

/**
 * The supporting-evidence document (PRODUCT §2, §3 journey 7): every item as
 * a numbered exhibit in label order, matching the "see E3" citations in the
 * criteria answers, each with its attached files' pages
 * (evidenceDocument/compileEvidenceDocument.ts). Testimonials without the
 * consent they need are withheld: listed at the end by label only, with
 * nothing of their content.
 */

/** A file uploaded to the entry, as the file service lists it (only what the document needs). */
export type AttachedFile = { id: string; name: string; kind: FileKind; pages?: number };

/** The entry's uploaded files and a way to read one (the FileService; files/ is not imported from here). */
export type EntryFiles = { files: readonly AttachedFile[]; open(file: AttachedFile): Promise<NodeJS.ReadableStream> };

/**
 * The document of `source` (the current state, or a submitted version's). An
 * evidence item's `files` list cites uploads by id, in exhibit order; ids of
 * files the entry does not have are skipped. Uploads are immutable and never
 * deleted (an id always names the same bytes), so a submitted version's
 * document cites, and gets, exactly the files it had when it was submitted.
 */
export async function renderEvidencePdf(
  source: ExportDocument,
  entry: ExportEntryMeta,
  files: EntryFiles = { files: [], open: () => Promise.reject(new Error('no files')) },
  options?: CompileOptions,
): Promise<Buffer> {
  const { model, cited } = withDocument(source, (doc) => {
    const collection = itemCollectionIn(doc, EVIDENCE_MAP);
    const evidence = collection ? readEvidence(collection) : [];
    return { model: evidenceModel(doc, entry), cited: new Map(evidence.map((item) => [item.id, item.files])) };
  });
  const byId = new Map(files.files.map((file) => [file.id, file]));
  const filesOf = (itemId: string): ExhibitFile[] =>
    (cited.get(itemId) ?? []).flatMap((id) => {
      const file = byId.get(id);
      if (!file) return [];
      const exhibitFile: ExhibitFile = { name: file.name, kind: file.kind, open: () => files.open(file) };
      if (file.pages !== undefined) exhibitFile.pages = file.pages;
      return [exhibitFile];
    });
  return compileEvidenceDocument(model, filesOf, options);
}
