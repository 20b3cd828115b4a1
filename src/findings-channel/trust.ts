// Whether the findings table may be written: an INSERT runs, as the channel user, whatever
// code sits in or around the target table (triggers, rules, row-level security policies,
// column defaults and generated columns, domain and CHECK constraints, index expressions,
// predicates and operator classes), and whoever owns the table or its schema can put such
// code there, or swap the table for another between a check and the INSERT. So before every
// write, in the transaction that writes and with the table locked against DDL, the table is
// checked to be exactly pgsense-rs's plain table owned by a role the channel user trusts
// (itself, a superuser — who can act as any role anyway — or one the channel file names in
// `trusted_owners`), with nothing that could run code. Anything else is refused, naming what
// was found; the findings stay in the spool. docs/architecture.md, "Findings channel and
// fleet", and the threat model's routes list what each part closes.
import type pg from 'pg';
import { FINDINGS_COLUMNS, quoteIdent } from './ddl.ts';
import type { ChannelConfig } from './types.ts';

const MAX_SHOWN = 12;

/** A refusal: the table (or its schema, or the database's event triggers) is not safe to write as the channel user. */
export class ChannelTrustError extends Error {
  readonly found: string[];
  constructor(readonly target: string, found: string[]) {
    found = [...new Set(found.map((f) => f.replace(/\s+/g, ' ').trim()))];
    const shown = found.length > MAX_SHOWN ? [...found.slice(0, MAX_SHOWN), `and ${found.length - MAX_SHOWN} more`] : found;
    super(`${target} is not safe to write as the channel user, nothing was inserted: ${shown.join('; ')}. ` +
      'Drop or fix what is named (or have a trusted role create the table: run sec-check once as that role), ' +
      'or name its owner in [alerts.postgres] trusted_owners if you trust it');
    this.found = found;
  }
}

/** OIDs below this are objects made by initdb (PostgreSQL's FirstNormalObjectId): nobody else could have written them. */
export const FIRST_NORMAL_OID = 16384;

/** pg_catalog's name of each column type (`regtype` input; no domain or look-alike passes). */
const CATALOG_TYPE: Record<string, string> = {
  bigint: 'pg_catalog.int8',
  text: 'pg_catalog.text',
  jsonb: 'pg_catalog.jsonb',
  'timestamp with time zone': 'pg_catalog.timestamptz',
};

/** The only defaults the table may have: what pgsense-rs's DDL creates (printed with search_path = pg_catalog). */
// bracket classes instead of backslashes: the patterns read the same whatever standard_conforming_strings says
const ALLOWED_DEFAULTS = `(VALUES ('id', '^nextval[(]''[^'']+''::regclass[)]$'), ('primary_key', '^''[{][}]''::jsonb$'), ('detected_at', '^now[(][)]$'))`;

function expectedColumns(): string {
  return `(VALUES ${FINDINGS_COLUMNS.map((c, i) => `(${i + 1}, '${c.name}', '${CATALOG_TYPE[c.type]}'::pg_catalog.regtype)`).join(', ')})`;
}

/**
 * One row per thing found that makes the table unsafe (empty: safe). $1 schema, $2 table,
 * $3 the trusted owners named in the channel file. Reads world-readable catalogs only, so an
 * INSERT-only channel user can run it. Everything is qualified: the session's search_path is
 * pinned too, but this text must not depend on it.
 */
export const TRUST_SQL = `
WITH trusted0 AS (
  SELECT r.oid FROM pg_catalog.pg_roles AS r
   WHERE r.rolname = CURRENT_USER OR r.rolsuper OR r.rolname = ANY ($3::pg_catalog.text[])
), trusted AS (
  -- pg_database_owner (14+, the owner of public) stands for the database's owner
  SELECT oid FROM trusted0
  UNION ALL
  SELECT o.oid FROM pg_catalog.pg_roles AS o
   WHERE o.rolname = 'pg_database_owner'
     AND (SELECT d.datdba FROM pg_catalog.pg_database AS d WHERE d.datname = pg_catalog.current_database()) IN (SELECT oid FROM trusted0)
), ns AS (
  SELECT n.oid, n.nspowner FROM pg_catalog.pg_namespace AS n WHERE n.nspname = $1
), rel AS (
  SELECT c.oid, c.relkind, c.relowner, c.relispartition, c.relam
    FROM pg_catalog.pg_class AS c JOIN ns ON c.relnamespace = ns.oid WHERE c.relname = $2
), expected (attnum, attname, atttypid) AS ${expectedColumns()},
cols AS (
  SELECT a.attnum, a.attname::pg_catalog.text AS attname, a.atttypid, a.attidentity, a.attgenerated, a.attrelid
    FROM pg_catalog.pg_attribute AS a JOIN rel ON a.attrelid = rel.oid
   WHERE a.attnum > 0 AND NOT a.attisdropped
), defaults AS (
  SELECT d.oid, a.attname::pg_catalog.text AS attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS expr, a.attgenerated
    FROM pg_catalog.pg_attrdef AS d JOIN rel ON d.adrelid = rel.oid
    JOIN pg_catalog.pg_attribute AS a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
), sequences AS (
  -- the sequences behind id: a serial's default names one, an identity column owns one
  SELECT s.oid, s.relowner FROM pg_catalog.pg_depend AS dep
    JOIN defaults AS d ON dep.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass AND dep.objid = d.oid
    JOIN pg_catalog.pg_class AS s ON dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND s.oid = dep.refobjid AND s.relkind = 'S'
  UNION
  SELECT s.oid, s.relowner FROM pg_catalog.pg_depend AS dep JOIN rel ON dep.refobjid = rel.oid
    JOIN pg_catalog.pg_class AS s ON dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND s.oid = dep.objid AND s.relkind = 'S'
   WHERE dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
), indexes AS (
  SELECT i.indexrelid, i.indclass, i.indrelid, ic.relam, ic.relname::pg_catalog.text AS relname
    FROM pg_catalog.pg_index AS i JOIN rel ON i.indrelid = rel.oid
    JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
)
SELECT pg_catalog.format('schema %I is owned by %s, who is not the channel user, a superuser or in trusted_owners', $1,
         CASE WHEN pg_catalog.pg_get_userbyid(ns.nspowner) = 'pg_database_owner'
              THEN pg_catalog.format('pg_database_owner (the database owner %I)', (SELECT pg_catalog.pg_get_userbyid(d.datdba) FROM pg_catalog.pg_database AS d WHERE d.datname = pg_catalog.current_database()))
              ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(ns.nspowner)) END)
  FROM ns WHERE ns.nspowner NOT IN (SELECT oid FROM trusted)
UNION ALL
SELECT 'it is ' || CASE rel.relkind WHEN 'v' THEN 'a view' WHEN 'm' THEN 'a materialized view' WHEN 'f' THEN 'a foreign table'
                   WHEN 'p' THEN 'a partitioned table' ELSE pg_catalog.format('of relkind %s', rel.relkind) END || ', not a plain table'
  FROM rel WHERE rel.relkind <> 'r'
UNION ALL
SELECT pg_catalog.format('it is owned by %I, who is not the channel user, a superuser or in trusted_owners', pg_catalog.pg_get_userbyid(rel.relowner))
  FROM rel WHERE rel.relowner NOT IN (SELECT oid FROM trusted)
UNION ALL
SELECT pg_catalog.format(CASE WHEN rel.relispartition THEN 'it is a partition of %s' ELSE 'it inherits from %s' END, inh.inhparent::pg_catalog.regclass)
  FROM rel JOIN pg_catalog.pg_inherits AS inh ON inh.inhrelid = rel.oid
UNION ALL
SELECT pg_catalog.format('table access method %I is not built in', am.amname)
  FROM rel JOIN pg_catalog.pg_am AS am ON am.oid = rel.relam WHERE rel.relam >= ${FIRST_NORMAL_OID}
UNION ALL
SELECT pg_catalog.format('trigger %I: %s', t.tgname, pg_catalog.pg_get_triggerdef(t.oid))
  FROM pg_catalog.pg_trigger AS t JOIN rel ON t.tgrelid = rel.oid
UNION ALL
SELECT pg_catalog.format('rule %I: %s', r.rulename, pg_catalog.regexp_replace(pg_catalog.pg_get_ruledef(r.oid), '[[:space:]]+', ' ', 'g'))
  FROM pg_catalog.pg_rewrite AS r JOIN rel ON r.ev_class = rel.oid
UNION ALL
SELECT pg_catalog.format('row-level security policy %I (%s)', p.polname,
         pg_catalog.concat_ws(', ', 'USING ' || pg_catalog.pg_get_expr(p.polqual, p.polrelid), 'WITH CHECK ' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)))
  FROM pg_catalog.pg_policy AS p JOIN rel ON p.polrelid = rel.oid
UNION ALL
SELECT pg_catalog.format('column %I is missing', e.attname)
  FROM expected AS e WHERE EXISTS (SELECT 1 FROM rel) AND NOT EXISTS (SELECT 1 FROM cols AS c WHERE c.attname = e.attname)
UNION ALL
SELECT pg_catalog.format('column %I is not one of pgsense-rs''s columns', c.attname)
  FROM cols AS c WHERE NOT EXISTS (SELECT 1 FROM expected AS e WHERE e.attname = c.attname)
UNION ALL
SELECT pg_catalog.format('column %I has type %s (a domain or another type), not %s', c.attname, c.atttypid::pg_catalog.regtype, e.atttypid)
  FROM cols AS c JOIN expected AS e ON e.attname = c.attname WHERE c.atttypid <> e.atttypid
UNION ALL
SELECT pg_catalog.format('column %I is generated: %s', d.attname, d.expr) FROM defaults AS d WHERE d.attgenerated <> ''
UNION ALL
SELECT pg_catalog.format('column %I has default %s', d.attname, d.expr)
  FROM defaults AS d WHERE d.attgenerated = ''
   AND NOT EXISTS (SELECT 1 FROM ${ALLOWED_DEFAULTS} AS ok (attname, pattern) WHERE ok.attname = d.attname AND d.expr ~ ok.pattern)
UNION ALL
SELECT pg_catalog.format('the default of column %I uses %s', d.attname, pg_catalog.pg_describe_object(dep.refclassid, dep.refobjid, dep.refobjsubid))
  FROM defaults AS d JOIN pg_catalog.pg_depend AS dep ON dep.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass AND dep.objid = d.oid
 WHERE dep.refobjid >= ${FIRST_NORMAL_OID} AND NOT (dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dep.refobjid IN (SELECT oid FROM rel UNION ALL SELECT oid FROM sequences))
UNION ALL
SELECT pg_catalog.format('column %I is an identity column', c.attname) FROM cols AS c WHERE c.attidentity <> '' AND c.attname <> 'id'
UNION ALL
SELECT pg_catalog.format('sequence %s is owned by %I, who is not the channel user, a superuser or in trusted_owners', s.oid::pg_catalog.regclass, pg_catalog.pg_get_userbyid(s.relowner))
  FROM sequences AS s WHERE s.relowner NOT IN (SELECT oid FROM trusted)
UNION ALL
SELECT pg_catalog.format('constraint %I: %s', k.conname, pg_catalog.pg_get_constraintdef(k.oid))
  FROM pg_catalog.pg_constraint AS k JOIN rel ON k.conrelid = rel.oid WHERE k.contype NOT IN ('p', 'u', 'n')
UNION ALL
SELECT pg_catalog.format('index %I uses %s', x.relname, pg_catalog.pg_describe_object(dep.refclassid, dep.refobjid, dep.refobjsubid))
  FROM indexes AS x JOIN pg_catalog.pg_depend AS dep ON dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dep.objid = x.indexrelid
 WHERE dep.refobjid >= ${FIRST_NORMAL_OID} AND NOT (dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dep.refobjid = x.indrelid)
   AND NOT (dep.refclassid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND dep.refobjid IN (SELECT k.oid FROM pg_catalog.pg_constraint AS k WHERE k.conrelid = x.indrelid AND k.contype IN ('p', 'u')))
UNION ALL
SELECT pg_catalog.format('index %I uses operator class %s', x.relname, pg_catalog.pg_describe_object('pg_catalog.pg_opclass'::pg_catalog.regclass, oc.oc, 0))
  FROM indexes AS x CROSS JOIN LATERAL pg_catalog.unnest(x.indclass::pg_catalog.oid[]) AS oc (oc) WHERE oc.oc >= ${FIRST_NORMAL_OID}
UNION ALL
SELECT pg_catalog.format('index %I uses access method %I, not a built-in one', x.relname, am.amname)
  FROM indexes AS x JOIN pg_catalog.pg_am AS am ON am.oid = x.relam WHERE x.relam >= ${FIRST_NORMAL_OID}`;

/**
 * DDL event triggers that would run when the channel creates the schema, table or index:
 * refused unless their function's owner is trusted (event trigger functions run as the role
 * doing the DDL). Login event triggers fire at connect, before anything can be checked.
 */
export const EVENT_TRIGGER_SQL = `
SELECT pg_catalog.format('event trigger %I (on %s) runs %s, owned by %I, who is not the channel user, a superuser or in trusted_owners',
         e.evtname, e.evtevent, e.evtfoid::pg_catalog.regprocedure, pg_catalog.pg_get_userbyid(p.proowner)) AS problem
  FROM pg_catalog.pg_event_trigger AS e JOIN pg_catalog.pg_proc AS p ON p.oid = e.evtfoid
 WHERE e.evtenabled <> 'D' AND e.evtevent IN ('ddl_command_start', 'ddl_command_end', 'sql_drop', 'table_rewrite')
   AND p.proowner NOT IN (SELECT r.oid FROM pg_catalog.pg_roles AS r
                           WHERE r.rolname = CURRENT_USER OR r.rolsuper OR r.rolname = ANY ($1::pg_catalog.text[]))`;

/** "schema"."table" as the messages name the target. */
export function targetName(config: ChannelConfig): string {
  return `${quoteIdent(config.schema)}.${quoteIdent(config.table)}`;
}

/**
 * Locks the table against DDL until the transaction ends (ROW EXCLUSIVE: INSERT privilege is
 * enough; CREATE TRIGGER, CREATE RULE, CREATE POLICY, ALTER TABLE and DROP all wait for it),
 * then checks it. Must run inside the transaction that inserts, before the INSERT.
 */
export async function lockAndVerify(client: pg.Client, config: ChannelConfig): Promise<void> {
  await client.query(`LOCK TABLE ONLY ${targetName(config)} IN ROW EXCLUSIVE MODE`);
  const res = await client.query<{ format: string }>(TRUST_SQL, [config.schema, config.table, config.trustedOwners]);
  const found = res.rows.map((r) => Object.values(r)[0] as string);
  if (found.length) throw new ChannelTrustError(targetName(config), found);
}

/** The schema's owner, checked before a table is created in it (an untrusted owner could rename the schema and put another table in its place). */
export async function verifySchema(client: pg.Client, config: ChannelConfig): Promise<void> {
  // TRUST_SQL's first row is the schema's (the table does not exist yet, so no other row can come)
  const res = await client.query<{ format: string }>(TRUST_SQL, [config.schema, config.table, config.trustedOwners]);
  const found = res.rows.map((r) => Object.values(r)[0] as string).filter((f) => f.startsWith('schema '));
  if (found.length) throw new ChannelTrustError(targetName(config), found);
}

/** Refuses to run DDL under event triggers whose code the channel user does not trust. */
export async function verifyEventTriggers(client: pg.Client, config: ChannelConfig): Promise<void> {
  const res = await client.query<{ problem: string }>(EVENT_TRIGGER_SQL, [config.trustedOwners]);
  if (res.rows.length) throw new ChannelTrustError(`the channel database ${JSON.stringify(config.dbname)} (creating ${targetName(config)})`, res.rows.map((r) => r.problem));
}
