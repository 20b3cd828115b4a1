// The central findings table: the columns and types pgsense-rs's PostgreSQL channel uses
// (kept identical, so both tools can write one table), created on start when missing, plus
// one unique index over the identity of a finding so a redelivery inserts nothing
// (`INSERT ... ON CONFLICT DO NOTHING` needs only the INSERT privilege).
import { IDENTIFIER } from './config.ts';

/** Quotes an identifier already checked against IDENTIFIER (checked again here). */
export function quoteIdent(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** The columns, in order: name, type as information_schema.columns.data_type shows it, default. */
export const FINDINGS_COLUMNS: { name: string; type: string; sql: string }[] = [
  { name: 'id', type: 'bigint', sql: 'BIGSERIAL PRIMARY KEY' },
  { name: 'database', type: 'text', sql: 'TEXT NOT NULL' },
  { name: 'rule_id', type: 'text', sql: 'TEXT NOT NULL' },
  { name: 'description', type: 'text', sql: 'TEXT NOT NULL' },
  { name: 'category', type: 'text', sql: 'TEXT NOT NULL' },
  { name: 'severity', type: 'text', sql: 'TEXT NOT NULL' },
  { name: 'schema_name', type: 'text', sql: 'TEXT NOT NULL' },
  { name: 'table_name', type: 'text', sql: 'TEXT NOT NULL' },
  { name: 'column_name', type: 'text', sql: 'TEXT NOT NULL' },
  { name: 'masked_sample', type: 'text', sql: 'TEXT NOT NULL' },
  { name: 'primary_key', type: 'jsonb', sql: "JSONB NOT NULL DEFAULT '{}'" },
  { name: 'lsn', type: 'bigint', sql: 'BIGINT NOT NULL' },
  { name: 'detected_at', type: 'timestamp with time zone', sql: 'TIMESTAMPTZ NOT NULL DEFAULT now()' },
];

/** The columns a delivery writes (all but id). */
export const INSERT_COLUMNS = FINDINGS_COLUMNS.filter((c) => c.name !== 'id').map((c) => c.name);

/** The name of the dedup index: `<table>_identity` (cut to 63 bytes). */
export function identityIndexName(table: string): string {
  return `${table.slice(0, 63 - '_identity'.length)}_identity`;
}

/**
 * The identity of one finding occurrence: where it was found (server/database, rule, object,
 * row) and when (the audited server's WAL position and the scan's time). md5 of the primary
 * key's text keeps the index entry small whatever the key holds; jsonb's text form is
 * canonical (key order, whitespace), so equal keys give equal hashes.
 */
export const IDENTITY_SQL = 'database, rule_id, schema_name, table_name, column_name, md5(primary_key::text), lsn, detected_at';

export function createSchemaSql(schema: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`;
}

export function createTableSql(schema: string, table: string): string {
  const cols = FINDINGS_COLUMNS.map((c) => `    ${c.name.padEnd(13)} ${c.sql}`).join(',\n');
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.${quoteIdent(table)} (\n${cols}\n)`;
}

export function createIndexSql(schema: string, table: string): string {
  return `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(identityIndexName(table))} ON ${quoteIdent(schema)}.${quoteIdent(table)} (${IDENTITY_SQL})`;
}

/** pg_catalog's name for a column's type (what the insert's column definition list names). */
const CATALOG_TYPES: Record<string, string> = { bigint: 'pg_catalog.int8', text: 'pg_catalog.text', jsonb: 'pg_catalog.jsonb', 'timestamp with time zone': 'pg_catalog.timestamptz' };

/**
 * One statement inserting a JSON array of findings; duplicates of stored ones are skipped.
 * Every function and type is qualified, so no schema on the session's search_path can shadow
 * one (a domain named jsonb with a CHECK calling a function, say).
 */
export function insertSql(schema: string, table: string): string {
  const defs = FINDINGS_COLUMNS.filter((c) => c.name !== 'id').map((c) => `${c.name} ${CATALOG_TYPES[c.type]}`).join(', ');
  return `INSERT INTO ${quoteIdent(schema)}.${quoteIdent(table)} (${INSERT_COLUMNS.join(', ')})
SELECT ${INSERT_COLUMNS.join(', ')} FROM pg_catalog.jsonb_to_recordset($1::pg_catalog.jsonb) AS f(${defs})
ON CONFLICT DO NOTHING`;
}
