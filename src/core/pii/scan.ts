// PII discovery: list the columns worth sampling, read a bounded sample of each table in
// one query (TABLESAMPLE SYSTEM on large tables, a plain LIMIT on small ones; json/jsonb
// reduced to their string leaves in SQL), and classify the values here with the rules'
// detectors. The same generator runs inside PostgreSQL (sec_check.pii_scan, through
// sec_check.safe_query: read-only, rolled back) and in the CLI (sec-check pii).
import type { Work } from '../host.ts';
import { compileRules, type ColumnKind, type CompiledRule, type PiiBundle, type PiiCategory } from './rules.ts';

export interface PiiOptions {
  /** Only these schemas (null: every schema but the system ones and sec_check's). */
  schemas: string[] | null;
  /** "schema.table" or "table" (any schema). */
  exclude_tables: string[];
  /** Rows sampled per table (each candidate column gets up to this many values). */
  sample_rows: number;
  /** Tables scanned at most (largest first is not implied: name order). */
  max_tables: number;
  /** Tables whose planner estimate is at least this many rows are read with TABLESAMPLE. */
  tablesample_min_rows: number;
  /** Characters of a value (or json string leaf) looked at. */
  max_value_chars: number;
  /** String leaves looked at per json document. */
  max_json_leaves: number;
}

export const DEFAULT_PII_OPTIONS: PiiOptions = {
  schemas: null,
  exclude_tables: [],
  sample_rows: 200,
  max_tables: 1000,
  tablesample_min_rows: 100000,
  max_value_chars: 4096,
  max_json_leaves: 64,
};

export class PiiOptionsError extends Error {}

const LIMITS: Record<string, [number, number]> = {
  sample_rows: [1, 100000],
  max_tables: [1, 1000000],
  tablesample_min_rows: [1, 1e12],
  max_value_chars: [16, 1000000],
  max_json_leaves: [1, 10000],
};

/** Validates p_options / CLI options: unknown keys and wrong types name the field. */
export function parsePiiOptions(raw: unknown): PiiOptions {
  if (raw === null || raw === undefined) return { ...DEFAULT_PII_OPTIONS };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new PiiOptionsError(`options: expected a JSON object, found ${JSON.stringify(raw)}`);
  const out: PiiOptions = { ...DEFAULT_PII_OPTIONS };
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key === 'schemas' || key === 'exclude_tables') {
      if (value === null && key === 'schemas') { out.schemas = null; continue; }
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0 && v.length <= 200)) {
        throw new PiiOptionsError(`options.${key}: expected an array of non-empty names, found ${JSON.stringify(value)}`);
      }
      if (key === 'schemas') out.schemas = value as string[];
      else {
        (value as string[]).forEach((name, i) => {
          if (parseTableName(name) === null) {
            throw new PiiOptionsError(`options.exclude_tables[${i}]: not a table name: ${JSON.stringify(name)} (table or schema.table; double-quote a name with other characters: "My Schema"."My Table")`);
          }
        });
        out.exclude_tables = value as string[];
      }
    } else if (key in LIMITS) {
      const [lo, hi] = LIMITS[key];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
        throw new PiiOptionsError(`options.${key}: expected an integer from ${lo} to ${hi}, found ${JSON.stringify(value)}`);
      }
      (out as unknown as Record<string, number>)[key] = value;
    } else {
      throw new PiiOptionsError(`options.${key}: unknown option (allowed: schemas, exclude_tables, ${Object.keys(LIMITS).join(', ')})`);
    }
  }
  return out;
}

export interface PiiFinding {
  schema_name: string;
  table_name: string;
  column_name: string;
  rule_id: string;
  category: PiiCategory;
  severity: string;
  /** Sampled values (rows, for json: documents) that matched. */
  match_count: number;
  /** Non-null values sampled. */
  sampled: number;
  masked_sample: string;
  /** Primary key of the first sampled row that matched ({} without a readable key). */
  primary_key: Record<string, unknown>;
  /** 0.5–1: the matched share, plus 0.2 when the column name hints at the category. */
  confidence: number;
  name_hint: boolean;
  sampling: 'tablesample' | 'limit';
}

export interface PiiSkipped { schema_name: string; table_name: string; reason: string }

export interface PiiScanDocument {
  format: 'sec_check-pii';
  format_version: 1;
  database: string;
  server_version: string;
  started_at: string;
  finished_at: string;
  options: PiiOptions;
  tables_scanned: number;
  columns_scanned: number;
  skipped: PiiSkipped[];
  findings: PiiFinding[];
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** An E'' literal: correct whatever standard_conforming_strings says. */
export function quoteLiteral(text: string): string {
  if (text.includes('\0')) throw new PiiOptionsError('a name contains a NUL character');
  return `E'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

interface ColumnInfo { name: string; kind: ColumnKind }
interface TableInfo { schema_name: string; table_name: string; reltuples: number; pk: string[]; columns: ColumnInfo[] }

function listQuery(opts: PiiOptions): string {
  const schemaFilter = opts.schemas
    ? `AND n.nspname = ANY (ARRAY[${opts.schemas.map(quoteLiteral).join(', ')}]::text[])`
    : '';
  return `
SELECT n.nspname::text AS schema_name, c.relname::text AS table_name,
       -- a partitioned table's estimate is the sum of its leaf partitions'
       CASE WHEN c.relkind = 'p'
            THEN coalesce((SELECT sum(greatest(pc.reltuples, 0)) FROM pg_catalog.pg_partition_tree(c.oid) AS pt
                             JOIN pg_catalog.pg_class pc ON pc.oid = pt.relid WHERE pt.isleaf), 0)
            ELSE c.reltuples END::float8 AS reltuples,
       coalesce((SELECT jsonb_agg(a.attname::text ORDER BY k.ord)
                   FROM pg_catalog.pg_index i
                   CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                   JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                  WHERE i.indrelid = c.oid AND i.indisprimary
                 HAVING bool_and(pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT'))), '[]'::jsonb) AS pk,
       (SELECT jsonb_agg(jsonb_build_object('name', a.attname::text, 'kind',
                 CASE WHEN a.atttypid IN ('json'::regtype, 'jsonb'::regtype) THEN 'json'
                      WHEN a.atttypid IN ('int8'::regtype, 'numeric'::regtype) THEN 'number'
                      ELSE 'text' END) ORDER BY a.attnum)
          FROM pg_catalog.pg_attribute a
          JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
           AND (a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype, 'json'::regtype, 'jsonb'::regtype,
                               'int8'::regtype, 'numeric'::regtype) OR t.typname = 'citext')
           AND pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT')) AS columns
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition
   AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'sec_check')
   AND n.nspname !~ '^pg_(toast_)?temp_'
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'sec_check' AND e.extnamespace = n.oid)
   ${schemaFilter}
 ORDER BY n.nspname, c.relname`;
}

/**
 * `table` or `schema.table` as PostgreSQL reads a qualified name: each part a plain identifier
 * (ASCII letters folded to lower case) or a double-quoted one (`""` for a quote, case kept).
 * null for anything else (three parts, a stray quote, spaces or punctuation outside quotes).
 */
export function parseTableName(text: string): { schema: string | null; table: string } | null {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let name = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) return null;
        if (text[j] === '"') {
          if (text[j + 1] === '"') { name += '"'; j += 2; continue; }
          break;
        }
        name += text[j++];
      }
      if (name === '') return null;
      parts.push(name);
      i = j + 1;
    } else {
      const m = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(text.slice(i));
      if (!m) return null;
      parts.push(m[0].replace(/[A-Z]/g, (c) => c.toLowerCase()));
      i += m[0].length;
    }
    if (i === text.length) break;
    if (text[i] !== '.' || parts.length === 2) return null;
    i++;
  }
  return parts.length === 2 ? { schema: parts[0], table: parts[1] } : { schema: null, table: parts[0] };
}

function excluded(opts: PiiOptions, schema: string, table: string): boolean {
  return opts.exclude_tables.some((x) => {
    const name = parseTableName(x);
    return name !== null && name.table === table && (name.schema === null || name.schema === schema);
  });
}

function sampleQuery(t: TableInfo, opts: PiiOptions, useSample: boolean): string {
  const maxChars = opts.max_value_chars;
  const exprs = t.columns.map((c) => {
    const col = quoteIdent(c.name);
    if (c.kind === 'json') {
      return `(SELECT jsonb_agg(left(x #>> '{}', ${maxChars})) FROM (SELECT x FROM jsonb_path_query(${col}::jsonb, 'strict $.**') AS x
                WHERE jsonb_typeof(x) = 'string' LIMIT ${opts.max_json_leaves}) AS leaves)`;
    }
    return `left(${col}::text, ${maxChars})`;
  });
  const pk = t.pk.length
    ? `jsonb_build_object(${t.pk.map((k) => `${quoteLiteral(k)}, ${quoteIdent(k)}`).join(', ')})`
    : `'{}'::jsonb`;
  let from = `${quoteIdent(t.schema_name)}.${quoteIdent(t.table_name)}`;
  if (useSample) {
    // SYSTEM picks whole pages: aim at 4x the rows wanted, the LIMIT keeps the sample bounded.
    const pct = Math.min(100, Math.max(0.0001, (opts.sample_rows * 4 * 100) / Math.max(1, t.reltuples)));
    from += ` TABLESAMPLE SYSTEM (${pct.toFixed(4)})`;
  }
  // a function takes at most 100 arguments: wide tables get their array in pieces
  const pieces: string[] = [];
  for (let i = 0; i < exprs.length; i += 90) pieces.push(`jsonb_build_array(${exprs.slice(i, i + 90).join(', ')})`);
  return `SELECT ${pk} AS pk, ${pieces.join(' || ')} AS v FROM ${from} LIMIT ${opts.sample_rows}`;
}

/** Classifies the sampled values of one table's columns. */
export function classifyTable(
  t: { schema_name: string; table_name: string; columns: ColumnInfo[] },
  rows: { pk: Record<string, unknown>; v: unknown[] }[],
  rules: CompiledRule[],
  sampling: PiiFinding['sampling'],
): PiiFinding[] {
  const findings: PiiFinding[] = [];
  t.columns.forEach((col, ci) => {
    // the texts of each non-null sampled value (a json document: its string leaves)
    const values: { texts: string[]; pk: Record<string, unknown> }[] = [];
    for (const row of rows) {
      const raw = row.v[ci];
      if (raw === null || raw === undefined) continue;
      const texts = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [String(raw)];
      if (Array.isArray(raw) && texts.length === 0) continue;
      values.push({ texts, pk: row.pk ?? {} });
    }
    const sampled = values.length;
    if (sampled === 0) return;
    for (const r of rules) {
      if (!r.rule.applies_to.includes(col.kind)) continue;
      const hint = r.names.some((re) => re.test(col.name));
      const ratioNeeded = hint ? r.rule.hinted_min_ratio : r.rule.min_ratio;
      const needed = Math.max(r.rule.min_matches, Math.ceil(ratioNeeded * sampled - 1e-9));
      let matches = 0;
      let first: { masked: string; pk: Record<string, unknown> } | null = null;
      for (let i = 0; i < sampled; i++) {
        // stop as soon as the column can no longer reach the threshold
        if (matches + (sampled - i) < needed) break;
        for (const text of values[i].texts) {
          if (!r.prefilter.test(text)) continue;
          const hit = r.detect(text);
          if (hit) {
            matches++;
            first ??= { masked: hit.masked, pk: values[i].pk };
            break;
          }
        }
      }
      if (!first || matches < needed) continue;
      const ratio = matches / sampled;
      findings.push({
        schema_name: t.schema_name,
        table_name: t.table_name,
        column_name: col.name,
        rule_id: r.rule.id,
        category: r.rule.category,
        severity: r.rule.severity,
        match_count: matches,
        sampled,
        masked_sample: first.masked,
        primary_key: first.pk,
        confidence: Math.round(Math.min(1, 0.5 + ratio / 2 + (hint ? 0.2 : 0)) * 100) / 100,
        name_hint: hint,
        sampling,
      });
    }
  });
  return findings;
}

function errorOf(answer: { ok: boolean; error?: string }): string {
  return answer.error ?? 'query failed';
}

/** The whole scan as a generator of queries (see src/core/host.ts for the drivers). */
export function* piiScan(bundle: PiiBundle, options: PiiOptions, now: () => string = () => new Date().toISOString()): Work<PiiScanDocument> {
  const rules = compileRules(bundle);
  const started = now();
  const info = yield { kind: 'query', sql: `SELECT current_database()::text AS database, current_setting('server_version') AS server_version` };
  if (!info.ok || !('rows' in info)) throw new Error(`sec_check pii: ${errorOf(info as { ok: boolean; error?: string })}`);
  const { database, server_version } = info.rows[0] as { database: string; server_version: string };
  const listed = yield { kind: 'query', sql: listQuery(options) };
  if (!listed.ok || !('rows' in listed)) throw new Error(`sec_check pii: cannot list tables: ${errorOf(listed as { ok: boolean; error?: string })}`);
  const skipped: PiiSkipped[] = [];
  const findings: PiiFinding[] = [];
  let tables = 0;
  let columns = 0;
  for (const row of listed.rows as unknown as TableInfo[]) {
    const t: TableInfo = { ...row, reltuples: Number(row.reltuples), pk: row.pk ?? [], columns: row.columns ?? [] };
    if (excluded(options, t.schema_name, t.table_name) || t.columns.length === 0) continue;
    if (tables >= options.max_tables) {
      skipped.push({ schema_name: t.schema_name, table_name: t.table_name, reason: `max_tables (${options.max_tables}) reached` });
      continue;
    }
    tables++;
    const useSample = t.reltuples >= options.tablesample_min_rows;
    let answer = yield { kind: 'query', sql: sampleQuery(t, options, useSample) };
    let sampling: PiiFinding['sampling'] = useSample ? 'tablesample' : 'limit';
    // An unlucky page sample on a table whose estimate is stale: read the first rows instead.
    if (useSample && answer.ok && 'rows' in answer && answer.rows.length < Math.min(options.sample_rows, 10)) {
      answer = yield { kind: 'query', sql: sampleQuery(t, options, false) };
      sampling = 'limit';
    }
    if (!answer.ok || !('rows' in answer)) {
      skipped.push({ schema_name: t.schema_name, table_name: t.table_name, reason: errorOf(answer as { ok: boolean; error?: string }) });
      continue;
    }
    columns += t.columns.length;
    findings.push(...classifyTable(t, answer.rows as { pk: Record<string, unknown>; v: unknown[] }[], rules, sampling));
  }
  return {
    format: 'sec_check-pii',
    format_version: 1,
    database,
    server_version,
    started_at: started,
    finished_at: now(),
    options,
    tables_scanned: tables,
    columns_scanned: columns,
    skipped,
    findings,
  };
}
