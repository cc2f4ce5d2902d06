import { type Kysely, type Migration, sql } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

/** The kinds' labels as they were when this migration was written (a migration never changes). */
const KIND_LABELS: Record<string, string> = {
  nhs_trust: 'NHS trust',
  nhs_provider: 'NHS provider',
  supplier: 'Supplier',
  third_sector: 'Third sector',
  other: 'Other',
};

const nameKeyOf = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

type OrganisationRow = { id: string; name: string; name_key: string; kind: string };

export default function migration({ millis }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Organisations are managed things (issue 15): identifiers an admin records (format-checked
      // only: nothing here can reach a registry), and whether its members must use two-factor sign-in.
      await db.schema.alterTable('organisations').addColumn('ods_code', 'text').execute();
      await db.schema.alterTable('organisations').addColumn('companies_house_number', 'text').execute();
      await db.schema.alterTable('organisations').addColumn('charity_number', 'text').execute();
      await db.schema
        .alterTable('organisations')
        .addColumn('require_mfa', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      // One organisation per name, whatever its kind: "Acme" the supplier and "Acme" the charity
      // used to be two rows (unique on name and kind). Rows that already share a name keep their
      // ids, people and endorsements; every one after the first (oldest) is renamed with its kind,
      // "Acme (Supplier)", numbered if even that is taken, so the name can be unique on its own.
      const { rows } = await sql<OrganisationRow>`
        select id, name, name_key, kind from organisations order by created_at, id`.execute(db);
      const taken = new Set<string>();
      const clashes: OrganisationRow[] = [];
      for (const row of rows) {
        if (taken.has(row.name_key)) clashes.push(row);
        else taken.add(row.name_key);
      }
      for (const row of clashes) {
        const base = `${row.name} (${KIND_LABELS[row.kind] ?? row.kind})`;
        let name = base;
        for (let n = 2; taken.has(nameKeyOf(name)); n += 1) name = `${base} ${n}`;
        taken.add(nameKeyOf(name));
        await sql`update organisations set name = ${name}, name_key = ${nameKeyOf(name)} where id = ${row.id}`.execute(
          db,
        );
      }
      // The old (name_key, kind) constraint stays: SQLite cannot drop a table constraint without
      // rebuilding the table, and this stricter index implies it.
      await db.schema.createIndex('organisations_name_key').unique().on('organisations').column('name_key').execute();

      // Verified e-mail domains: someone whose verified address is on one joins its organisation at
      // once. A domain belongs to at most one organisation (the primary key).
      await db.schema
        .createTable('organisation_domains')
        .addColumn('domain', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('added_by', 'text', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('organisation_domains_organisation')
        .on('organisation_domains')
        .column('organisation_id')
        .execute();

      // A person's standing in their organisation: 'pending' until an admin (or a verified domain,
      // or the single sign-on provider) confirms them; 'admin' manages the organisation.
      await db.schema
        .alterTable('users')
        .addColumn('organisation_status', 'text', (c) => c.notNull().defaultTo('confirmed'))
        .execute();
      await db.schema
        .alterTable('users')
        .addColumn('organisation_role', 'text', (c) => c.notNull().defaultTo('member'))
        .execute();
      await db.schema.createIndex('users_organisation').on('users').column('organisation_id').execute();
      // Everyone already here stays confirmed; each organisation's earliest live account (ties by
      // id) becomes its admin, so every organisation with people has someone to manage it.
      await sql`
        update users set organisation_role = 'admin'
        where deleted_at is null and not exists (
          select 1 from users earlier
          where earlier.organisation_id = users.organisation_id
            and earlier.deleted_at is null
            and (earlier.created_at < users.created_at
              or (earlier.created_at = users.created_at and earlier.id < users.id))
        )`.execute(db);
    },
  };
}
