import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ millis }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Erasures (issue 18 item 2): one row per erased testimonial of an entry, kept for good
      // (the record of what was redacted, when, why and by whom). It names no personal data: the
      // field paths, the consent record's id, and each submitted version's hash before and after
      // its re-attestation (JSON). One erasure per item: a repeat is refused (409).
      await db.schema
        .createTable('erasures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('erased_by', 'text')
        .addColumn('organisation_id', 'text')
        .addColumn('erased_at', millis, (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('consent_record_id', 'text')
        .addColumn('files_removed', 'integer', (c) => c.notNull())
        .addColumn('versions', 'text', (c) => c.notNull())
        .addUniqueConstraint('erasures_entry_item', ['entry_id', 'item_id'])
        .execute();
      // Retention (issue 18 item 4): each entry's scheduled warning and erasure, once each.
      await db.schema
        .createTable('retention_schedules')
        .addColumn('entry_id', 'text', (c) => c.primaryKey())
        .addColumn('award_at', millis, (c) => c.notNull())
        .addColumn('erase_at', millis, (c) => c.notNull())
        .addColumn('warned_at', millis)
        .addColumn('erased_at', millis)
        .execute();
    },
  };
}
