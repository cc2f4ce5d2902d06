import type { ContributorRegisterRowDto } from '@jointly/shared';
import * as Y from 'yjs';
import type { EntryView } from '../entries/entryView.ts';
import { notFound } from '../http/HttpError.ts';
import type { ProvenanceService } from '../provenance/provenanceService.ts';
import { exportFilename } from './contentDisposition.ts';
import { renderCriteriaDocx } from './criteriaDocx.ts';
import { renderCriteriaPdf } from './criteriaPdf.ts';
import { type AttachedFile, renderEvidencePdf } from './evidencePdf.ts';
import type { ExportEntryMeta } from './exportModel.ts';
import { renderRegisterCsv, renderRegisterPdf } from './register.ts';

/**
 * The encoded (V1) state of a submitted version of an entry, or null when the
 * entry has no such version. Supplied by the submissions store; without it
 * every version is "not found".
 */
export type LoadVersion = (entryId: string, version: number) => Promise<Uint8Array | null>;

export type ExportService = ReturnType<typeof createExportService>;

export type ExportFile = { filename: string; body: Buffer | string };

export function createExportService(deps: {
  entries: Pick<EntryView, 'getEntry'>;
  provenance: Pick<ProvenanceService, 'getProvenance'>;
  /** The live or stored document (the collaboration server's `readDocument`). */
  documents: { readDocument<T>(entryId: string, read: (doc: Y.Doc) => T): Promise<T> };
  loadVersion?: LoadVersion;
  /** The newest submitted version's number (the footer's "Submitted version N" while the entry is submitted). */
  latestVersion?: (entryId: string, userId: string) => Promise<number | null>;
  /**
   * The entry's uploaded files (the FileService, issue 13): the evidence
   * document includes the ones its items cite. Without it, no file is included.
   */
  files?: {
    list(entryId: string): Promise<AttachedFile[]>;
    open(file: AttachedFile): Promise<NodeJS.ReadableStream>;
  };
}) {
  const { entries, provenance, documents, loadVersion, latestVersion, files } = deps;

  /**
   * What every export needs: the entry (members only: 404 otherwise), the
   * document's state (now, or the submitted version) and the server's
   * provenance (exhibit labels, the register).
   */
  async function prepare(
    entryId: string,
    userId: string,
    version: number | null,
  ): Promise<{ meta: ExportEntryMeta; state: Uint8Array; register: ContributorRegisterRowDto[] }> {
    const entry = await entries.getEntry(entryId, userId);
    const [state, record] = await Promise.all([
      version === null
        ? documents.readDocument(entryId, (doc) => Y.encodeStateAsUpdate(doc))
        : loadState(entryId, version),
      provenance.getProvenance(entryId, userId),
    ]);
    const exhibitLabels = new Map<string, string>();
    for (const item of record.items) exhibitLabels.set(item.itemId, item.label);
    const submittedVersion =
      version === null && entry.status === 'submitted' && latestVersion ? await latestVersion(entryId, userId) : null;
    const partners = entry.organisations.filter((o) => o.id !== entry.leadOrganisation.id).map((o) => o.name);
    const meta: ExportEntryMeta = {
      title: entry.title,
      programme: entry.programme,
      categoryName: entry.categoryName,
      sections: entry.sections.map((s) => ({ id: s.id, title: s.title, wordLimit: s.wordLimit })),
      exhibitLabels,
      version,
      submittedVersion,
      organisations: [entry.leadOrganisation.name, ...partners],
      // Said in every footer (issue 17 item 5), of a submitted version too: the choice is about the files now.
      notForPublication: entry.notForPublication === true,
      shortFields: entry.shortFields ?? [],
    };
    return { meta, state, register: record.register };
  }

  async function loadState(entryId: string, version: number): Promise<Uint8Array> {
    const state = loadVersion ? await loadVersion(entryId, version) : null;
    if (!state) throw notFound('That version of the entry');
    return state;
  }

  const name = (meta: ExportEntryMeta, what: string) =>
    exportFilename(meta.title, meta.version ? `version ${meta.version} - ${what}` : what);

  return {
    async criteriaPdf(entryId: string, userId: string, version: number | null): Promise<ExportFile> {
      const { meta, state } = await prepare(entryId, userId, version);
      return { filename: name(meta, 'criteria answers.pdf'), body: await renderCriteriaPdf(state, meta) };
    },
    async criteriaDocx(entryId: string, userId: string, version: number | null): Promise<ExportFile> {
      const { meta, state } = await prepare(entryId, userId, version);
      return { filename: name(meta, 'criteria answers.docx'), body: await renderCriteriaDocx(state, meta) };
    },
    async evidencePdf(entryId: string, userId: string, version: number | null): Promise<ExportFile> {
      const { meta, state } = await prepare(entryId, userId, version);
      // Every upload of the entry is listed (ids never change their bytes); the document picks the ones it cites.
      const uploaded = files
        ? { files: await files.list(entryId), open: (file: AttachedFile) => files.open(file) }
        : undefined;
      return {
        filename: name(meta, 'supporting evidence.pdf'),
        body: await renderEvidencePdf(state, meta, uploaded),
      };
    },
    async registerPdf(entryId: string, userId: string, version: number | null): Promise<ExportFile> {
      const { meta, state, register } = await prepare(entryId, userId, version);
      return {
        filename: name(meta, 'contributor register.pdf'),
        body: await renderRegisterPdf(state, meta, register),
      };
    },
    async registerCsv(entryId: string, userId: string, version: number | null): Promise<ExportFile> {
      const { meta, state, register } = await prepare(entryId, userId, version);
      return { filename: name(meta, 'contributor register.csv'), body: renderRegisterCsv(state, meta, register) };
    },
  };
}
