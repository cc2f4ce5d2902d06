import type { ColumnDefinitionBuilder } from 'kysely';
/** The two databases Jointly runs on. */
export type Dialect = 'sqlite' | 'postgres';

/** The few column types that differ between SQLite and PostgreSQL; every migration takes them. */
export type ColumnTypes = {
  blob: 'bytea' | 'blob';
  /** Milliseconds since the epoch and byte counts: past 2^31, so 64-bit on PostgreSQL. */
  millis: 'bigint' | 'integer';
  /** An auto-incrementing key. */
  serial: 'bigserial' | 'integer';
  /** Makes a `serial` column the primary key (SQLite needs AUTOINCREMENT so ids are never reused). */
  serialKey: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
};

export function columnTypes(dialect: Dialect): ColumnTypes {
  return dialect === 'postgres'
    ? { blob: 'bytea', millis: 'bigint', serial: 'bigserial', serialKey: (c) => c.primaryKey() }
    : { blob: 'blob', millis: 'integer', serial: 'integer', serialKey: (c) => c.primaryKey().autoIncrement() };
}
