import { ERASED_PLACEHOLDER, type ErasedVersionDto } from '@jointly/shared';
import type { CategoryTemplate } from '@jointly/templates';
import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import { transactAs } from '../collab/rewriteStoredDocument.ts';
import type { Database } from '../db/schema.ts';
import { readEntry } from '../signoff/entryRead.ts';
import { redactedFields, redactTestimonial } from './redactTestimonial.ts';

/**
 * Re-attests every submitted version that holds the testimonial (method (b),
 * README "Decisions"): the version's stored state is rebuilt with the
 * person's fields redacted (a garbage-collecting document, so the encoding
 * keeps no trace of them), its content hash recomputed over the redacted
 * content and stored, and the old hash returned for the erasure record,
 * which chains it to the new one. `GET …/submissions/:version` then verifies.
 */
export async function reattestVersions(
  trx: Kysely<Database>,
  entryId: string,
  itemId: string,
  template: CategoryTemplate,
  clientId: number,
): Promise<{
  /** Some version holds the testimonial. */
  found: boolean;
  versions: ErasedVersionDto[];
  fields: Set<string>;
  fileIds: Set<string>;
  consentRecordIds: Set<string>;
}> {
  const rows = await trx
    .selectFrom('submissions')
    .select(['id', 'version', 'content_hash', 'state'])
    .where('entry_id', '=', entryId)
    .orderBy('version')
    .execute();
  const versions: ErasedVersionDto[] = [];
  const fields = new Set<string>();
  const fileIds = new Set<string>();
  const consentRecordIds = new Set<string>();
  let found = false;
  for (const row of rows) {
    const doc = new Y.Doc({ gc: true });
    try {
      Y.applyUpdate(doc, new Uint8Array(row.state));
      let redaction: ReturnType<typeof redactTestimonial> = null;
      transactAs(doc, clientId, () => {
        redaction = redactTestimonial(doc, itemId);
      });
      const done = redaction as ReturnType<typeof redactTestimonial>;
      if (!done) continue;
      found = true;
      for (const f of done.fields) fields.add(f);
      for (const f of done.fileIds) fileIds.add(f);
      if (done.consentRecordId) consentRecordIds.add(done.consentRecordId);
      if (done.fields.length === 0) continue;
      const newHash = readEntry(doc, template).contentHash;
      await trx
        .updateTable('submissions')
        .set({ state: Buffer.from(Y.encodeStateAsUpdate(doc)), content_hash: newHash })
        .where('id', '=', row.id)
        .execute();
      versions.push({ version: Number(row.version), previousHash: row.content_hash, newHash });
    } finally {
      doc.destroy();
    }
  }
  return { found, versions, fields, fileIds, consentRecordIds };
}

/**
 * Redacts the consent record that is the person's: their name, their
 * representative's name and relationship, how it was recorded, and its
 * evidence files (returned, for removal). The rest (uses, dates, withdrawal)
 * is not personal and stays, so the record still says consent was held.
 * Activity lines that named the person from it are redacted too.
 */
export async function redactConsentRecord(
  trx: Kysely<Database>,
  consentId: string,
): Promise<{ fields: string[]; fileIds: string[] } | null> {
  const record = await trx.selectFrom('consent_records').selectAll().where('id', '=', consentId).executeTakeFirst();
  if (!record) return null;
  const fields = ['consentRecord.personName'];
  if (record.representative_name !== null) fields.push('consentRecord.representative');
  if (record.method_detail !== null) fields.push('consentRecord.methodDetail');
  const fileIds = JSON.parse(record.evidence_file_ids) as string[];
  if (fileIds.length > 0) fields.push('consentRecord.evidenceFiles');
  await trx
    .updateTable('consent_records')
    .set({
      person_name: ERASED_PLACEHOLDER,
      representative_name: record.representative_name === null ? null : ERASED_PLACEHOLDER,
      representative_relationship: record.representative_relationship === null ? null : ERASED_PLACEHOLDER,
      method_detail: record.method_detail === null ? null : ERASED_PLACEHOLDER,
      evidence_file_ids: '[]',
    })
    .where('id', '=', consentId)
    .execute();
  const links = await trx
    .selectFrom('consent_record_entries')
    .select('entry_id')
    .where('consent_id', '=', consentId)
    .execute();
  const entryIds = [...new Set([record.entry_id, ...links.map((l) => l.entry_id)])];
  const lines = await trx
    .selectFrom('activity')
    .select(['id', 'detail'])
    .where('entry_id', 'in', entryIds)
    .where('kind', 'in', ['consent_recorded', 'consent_withdrawn'])
    .execute();
  for (const line of lines) {
    const detail = JSON.parse(line.detail) as Record<string, unknown>;
    if (detail.consentId !== consentId) continue;
    await trx
      .updateTable('activity')
      .set({ detail: JSON.stringify({ ...detail, personName: ERASED_PLACEHOLDER }) })
      .where('id', '=', line.id)
      .execute();
  }
  return { fields, fileIds };
}

/**
 * Redacts the organisation library's copies of the testimonial (issue 17
 * item 3) and drops their files; returns the blobs those files were.
 */
export async function redactLibraryCopies(trx: Kysely<Database>, entryId: string, itemId: string): Promise<string[]> {
  const items = await trx
    .selectFrom('library_items')
    .select(['id', 'fields'])
    .where('source_entry_id', '=', entryId)
    .where('source_item_id', '=', itemId)
    .where('collection', '=', 'testimonials')
    .execute();
  const shas: string[] = [];
  for (const item of items) {
    const fields = JSON.parse(item.fields) as Record<string, unknown>;
    const { changes } = redactedFields(fields);
    await trx
      .updateTable('library_items')
      .set({ fields: JSON.stringify({ ...fields, ...changes }) })
      .where('id', '=', item.id)
      .execute();
    const files = await trx
      .selectFrom('library_item_files')
      .select('sha256')
      .where('library_item_id', '=', item.id)
      .execute();
    shas.push(...files.map((f) => f.sha256));
    await trx.deleteFrom('library_item_files').where('library_item_id', '=', item.id).execute();
  }
  return shas;
}

/**
 * Removes the file rows of the person's files (the testimonial's consent
 * forms, the record's evidence) among `entryIds`' files, and the thumbnails
 * of bytes no other row cites any more. Returns how many rows went and the
 * blobs now cited by nothing, which the caller deletes after the commit.
 */
export async function removeFiles(
  trx: Kysely<Database>,
  entryIds: readonly string[],
  fileIds: readonly string[],
  extraShas: readonly string[],
): Promise<{ removed: number; orphans: string[] }> {
  const rows =
    fileIds.length === 0
      ? []
      : await trx
          .selectFrom('entry_files')
          .select(['id', 'sha256'])
          .where('entry_id', 'in', [...entryIds])
          .where('id', 'in', [...fileIds])
          .execute();
  if (rows.length > 0)
    await trx
      .deleteFrom('entry_files')
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
  const orphans: string[] = [];
  for (const sha of new Set([...rows.map((r) => r.sha256), ...extraShas])) {
    const used = await trx.selectFrom('entry_files').select('id').where('sha256', '=', sha).executeTakeFirst();
    const inLibrary = await trx
      .selectFrom('library_item_files')
      .select('file_id')
      .where('sha256', '=', sha)
      .executeTakeFirst();
    if (used || inLibrary) continue;
    await trx.deleteFrom('file_thumbnails').where('sha256', '=', sha).execute();
    orphans.push(sha);
  }
  return { removed: rows.length, orphans };
}
