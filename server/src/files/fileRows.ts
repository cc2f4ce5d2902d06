import type { FileDto, FileKind, FileMime } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isoTime } from '../isoTime.ts';
import { actorOf } from '../people/actorOf.ts';

/** A file as the server holds it: what the API shows, plus its entry and kind (for exports and thumbnails). */
export type StoredFile = FileDto & { entryId: string; kind: FileKind };

/** The entry's files with their uploaders' names, oldest first; `fileId` narrows it to one. */
export async function selectFiles(db: Kysely<Database>, entryId: string, fileId?: string): Promise<StoredFile[]> {
  let query = db
    .selectFrom('entry_files')
    .leftJoin('users', 'users.id', 'entry_files.uploaded_by')
    .leftJoin('organisations', 'organisations.id', 'entry_files.uploaded_by_organisation')
    .selectAll('entry_files')
    .select(['users.name as uploaderName', 'organisations.name as organisationName'])
    .where('entry_files.entry_id', '=', entryId);
  if (fileId !== undefined) query = query.where('entry_files.id', '=', fileId);
  const rows = await query.orderBy('entry_files.uploaded_at').orderBy('entry_files.id').execute();
  return rows.map((row) => ({
    id: row.id,
    entryId: row.entry_id,
    kind: row.kind as FileKind,
    name: row.name,
    type: row.mime as FileMime,
    size: Number(row.size),
    sha256: row.sha256,
    ...(row.pages !== null ? { pages: row.pages } : {}),
    uploadedBy: actorOf({
      userId: row.uploaded_by,
      name: row.uploaderName,
      organisationId: row.uploaded_by_organisation,
      organisationName: row.organisationName,
    }),
    uploadedAt: isoTime(Number(row.uploaded_at)),
  }));
}

/** Bytes the entry's files take, counted against ENTRY_FILES_MAX_BYTES (each upload counts, even of the same bytes). */
export async function bytesUsed(db: Kysely<Database>, entryId: string): Promise<number> {
  const row = await db
    .selectFrom('entry_files')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('used'))
    .where('entry_id', '=', entryId)
    .executeTakeFirstOrThrow();
  return Number(row.used);
}

/** The DTO the API answers: the stored file without the server's own fields. */
export function toFileDto({ entryId: _entryId, kind: _kind, ...dto }: StoredFile): FileDto {
  return dto;
}
