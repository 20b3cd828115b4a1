// `sec-check fleet --collect`: copy every server's new stored runs (runs, results, and the
// finding lifecycle after them) into one central database, exactly once.
//
// Exactly once: the central primary keys are (server identity, the server's run id), inserts
// say ON CONFLICT DO NOTHING, and where a server's copy resumes is the highest run id the
// central database holds for it (fleet_watermark) — derived from what committed, never kept
// beside it. Run ids on a server follow commit order (every store takes one lock on
// sec_check.runs first), so no run can appear later below the watermark. Runs are copied in
// batches, each batch one central transaction; a failure (or a kill) loses at most the batch
// in flight, and the next pass starts after the last batch that committed.
//
// Least privilege: on the server the collector only reads (a read-only REPEATABLE READ
// transaction, so runs, results and findings are one snapshot; grant_fleet_source_access),
// and refuses a role that row-level security would hide runs from (the watermark would step
// over them for good). On the central side it only inserts and reads its watermark
// (grant_fleet_collector_access). Values travel as the servers' own JSON text (timestamps to
// the microsecond, numbers as they were): the collector never parses a run.
import type pg from 'pg';
import { resolveConnection } from '../session/connection-target.ts';
import { ConnectionError, describeServerError, openConnection } from '../session/connect.ts';
import type { CentralTarget } from './central.ts';
import type { InventoryServer } from './inventory.ts';

export type CollectStatus = 'collected' | 'up_to_date' | 'unreachable' | 'refused' | 'error';

export interface CollectOutcome {
  server: InventoryServer;
  status: CollectStatus;
  error: string | null;
  identity: { system_identifier: string; database_name: string } | null;
  /** the watermark before this pass, and the newest run id copied (null: none) */
  from_run_id: number | null;
  to_run_id: number | null;
  runs: number;
  results: number;
  findings: number;
  /** rows inserted by this pass (runs + results + findings that were new) */
  rows: number;
  duration_ms: number;
}

export interface CollectOptions {
  central: CentralTarget;
  statementTimeoutMs: number;
  /** runs per central transaction */
  batchRuns: number;
}

const RUN_COLUMNS: [string, string][] = [
  ['run_id', 'bigint'], ['started_at', 'timestamptz'], ['finished_at', 'timestamptz'], ['server_version', 'text'],
  ['server_version_num', 'integer'], ['groups', 'text[]'], ['locale', 'text'], ['run_by', 'name'], ['posted_by', 'name'],
  ['origin', 'text'], ['runtime', 'text'], ['tool_version', 'text'], ['report', 'jsonb'], ['pack_name', 'text'],
  ['pack_sha256', 'text'], ['success', 'integer'], ['info', 'integer'], ['warning', 'integer'], ['error', 'integer'],
  ['failed', 'integer'], ['skipped', 'integer'], ['waived', 'integer'], ['score', 'numeric(4,1)'],
];
const RESULT_COLUMNS: [string, string][] = [
  ['run_id', 'bigint'], ['ordinal', 'integer'], ['section', 'text'], ['check_id', 'text'], ['check_name', 'text'],
  ['description', 'text'], ['severity', 'text'], ['cis', 'text'], ['status', 'text'], ['skip_reason', 'text'],
  ['short_description', 'text'], ['full_description', 'text'], ['recommendation', 'text'], ['raw', 'jsonb'],
  ['duration_ms', 'double precision'],
];
const FINDING_COLUMNS: [string, string][] = [
  ['scope', 'text'], ['pack', 'text'], ['section', 'text'], ['check_id', 'text'], ['check_name', 'text'],
  ['severity', 'text'], ['status', 'text'], ['state', 'text'], ['first_seen', 'timestamptz'], ['last_seen', 'timestamptz'],
  ['consecutive_runs', 'integer'], ['short_description', 'text'], ['recommendation', 'text'], ['last_run_id', 'bigint'],
  ['last_checked_at', 'timestamptz'], ['waiver_reason', 'text'], ['waiver_expires_at', 'timestamptz'],
];

const names = (cols: [string, string][]) => cols.map(([n]) => n).join(', ');
const record = (cols: [string, string][]) => cols.map(([n, t]) => `${n} ${t}`).join(', ');

// On the server: one batch of runs with their counts (results by status; waived and score as
// the server's run_summary has them), its results, and the findings view.
const SOURCE_RUNS = `SELECT coalesce(json_agg(q ORDER BY q.run_id), '[]')::text AS json FROM (
  SELECT r.id AS run_id, r.started_at, r.finished_at, r.server_version, r.server_version_num, r.groups, r.locale,
         r.run_by, r.posted_by, r.origin, r.runtime, r.tool_version, r.report, r.pack_name, r.pack_sha256,
         c.success, c.info, c.warning, c.error, c.failed, c.skipped, s.waived, s.score
    FROM sec_check.runs r
    LEFT JOIN sec_check.run_summary s ON s.run_id = r.id
   CROSS JOIN LATERAL (
     SELECT count(*) FILTER (WHERE x.status = 'Success') AS success, count(*) FILTER (WHERE x.status = 'Info') AS info,
            count(*) FILTER (WHERE x.status = 'Warning') AS warning, count(*) FILTER (WHERE x.status = 'Error') AS error,
            count(*) FILTER (WHERE x.status = 'Failed') AS failed, count(*) FILTER (WHERE x.status = 'Skipped') AS skipped
       FROM sec_check.results x WHERE x.run_id = r.id) c
   WHERE r.id BETWEEN $1 AND $2) q`;
const SOURCE_RESULTS = `SELECT coalesce(json_agg(q ORDER BY q.run_id, q.ordinal), '[]')::text AS json, count(*)::int AS n FROM (
  SELECT ${names(RESULT_COLUMNS)} FROM sec_check.results WHERE run_id BETWEEN $1 AND $2) q`;
const SOURCE_FINDINGS = `SELECT coalesce(json_agg(q), '[]')::text AS json, count(*)::int AS n FROM (
  SELECT ${names(FINDING_COLUMNS)} FROM sec_check.findings) q`;

// Central: INSERT only; ON CONFLICT DO NOTHING without a target needs no other privilege.
const INSERT_RUNS = `INSERT INTO sec_check.fleet_runs (system_identifier, database_name, server_name, server_host, server_port, ${names(RUN_COLUMNS)})
  SELECT $1, $2, $3, $4, $5, ${names(RUN_COLUMNS)} FROM jsonb_to_recordset($6::jsonb) AS x(${record(RUN_COLUMNS)})
  ON CONFLICT DO NOTHING`;
const INSERT_RESULTS = `INSERT INTO sec_check.fleet_results (system_identifier, database_name, ${names(RESULT_COLUMNS)})
  SELECT $1, $2, ${names(RESULT_COLUMNS)} FROM jsonb_to_recordset($3::jsonb) AS x(${record(RESULT_COLUMNS)})
  ON CONFLICT DO NOTHING`;
const INSERT_FINDINGS = `INSERT INTO sec_check.fleet_findings (system_identifier, database_name, as_of_run_id, ${names(FINDING_COLUMNS)})
  SELECT $1, $2, $3, ${names(FINDING_COLUMNS)} FROM jsonb_to_recordset($4::jsonb) AS x(${record(FINDING_COLUMNS)})
  ON CONFLICT DO NOTHING`;

/** An error as one line with the server's password (if any) masked. */
function clean(e: unknown, password: string | undefined): string {
  let text = describeServerError(e).replace(/\s*\n\s*/g, ' ');
  if (password) text = text.split(password).join('***');
  return text;
}

class Refused extends Error {}

/** Opens the central database and checks the collector may use it (extension, grant). */
export async function openCentral(target: CentralTarget, statementTimeoutMs: number): Promise<pg.Client> {
  const client = await openConnection(resolveConnection({ host: target.host, port: String(target.port), user: target.user, dbname: target.database }, {
    prompt: 'never', fallbackApplicationName: 'sec-check fleet --collect', defaultConnectTimeoutMs: 15_000,
    labels: { host: '--into (host)', port: '--into (port)', user: '--into (user)', dbname: '--into (dbname)' },
  }), { readOnly: false, statementTimeoutMs });
  try {
    await client.query(`SELECT sec_check.fleet_watermark('', '')`);
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new ConnectionError(`--into ${target.host}:${target.port}/${target.database} as ${target.user}: ${describeServerError(e)}` +
      ((e as { code?: string }).code === '42501' ? ' (the collector needs SELECT sec_check.grant_fleet_collector_access(\'ROLE\') there)' : ''));
  }
  return client;
}

export async function collectServer(server: InventoryServer, opts: CollectOptions): Promise<CollectOutcome> {
  const t0 = performance.now();
  const out: CollectOutcome = { server, status: 'error', error: null, identity: null, from_run_id: null, to_run_id: null, runs: 0, results: 0, findings: 0, rows: 0, duration_ms: 0 };
  let source: pg.Client | null = null;
  let central: pg.Client | null = null;
  try {
    try {
      // the inventory's values are the explicit ones; PGSSLMODE, ~/.pgpass and the rest apply as for run
      source = await openConnection(resolveConnection({ host: server.host, port: String(server.port), user: server.user, dbname: server.database }, {
        password: server.password, prompt: 'never', fallbackApplicationName: 'sec-check fleet --collect', defaultConnectTimeoutMs: 15_000,
        labels: { host: `${server.name}: host`, port: `${server.name}: port`, user: `${server.name}: user`, dbname: `${server.name}: database` },
      }), { readOnly: true, statementTimeoutMs: opts.statementTimeoutMs });
    } catch (e) {
      out.status = 'unreachable';
      throw e;
    }
    await source.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let identity: { system_identifier: string; database_name: string };
    try {
      identity = (await source.query('SELECT system_identifier, database_name FROM sec_check.server_identity()')).rows[0];
      const seesAll = (await source.query(`SELECT coalesce((SELECT u.rolsuper OR u.rolbypassrls FROM pg_catalog.pg_roles u WHERE u.rolname = current_user), false)
          OR EXISTS (SELECT 1 FROM sec_check.evidence_readers e WHERE pg_catalog.pg_has_role(current_user, e.reader, 'USAGE')) AS all_runs`)).rows[0].all_runs;
      if (!seesAll) throw new Refused(`role ${server.user} does not see every stored run (row-level security); on the server run SELECT sec_check.grant_fleet_source_access('${server.user}')`);
    } catch (e) {
      if (e instanceof Refused) throw e;
      const code = (e as { code?: string }).code;
      if (code === '42501') throw new Refused(`${describeServerError(e)} (on the server run SELECT sec_check.grant_fleet_source_access('${server.user}'))`);
      if (code === '42883' || code === '3F000' || code === '42P01') throw new Refused(`sec_check 0.4.0 or later is not installed in database ${server.database} (${describeServerError(e)})`);
      throw e;
    }
    out.identity = identity;
    central = await openCentral(opts.central, opts.statementTimeoutMs);
    const watermark = (await central.query('SELECT sec_check.fleet_watermark($1, $2)::text AS w', [identity.system_identifier, identity.database_name])).rows[0].w as string;
    out.from_run_id = Number(watermark);
    const src = source;
    const newer = async (after: string) => (await src.query<{ id: string }>(
      // ordered by the bigint, not by the text column of the same name
      'SELECT r.id::text AS id FROM sec_check.runs r WHERE r.id > $1 ORDER BY r.id LIMIT $2', [after, opts.batchRuns])).rows.map((r) => r.id);
    for (let batch = await newer(watermark); batch.length > 0;) {
      const [first, last] = [batch[0], batch[batch.length - 1]];
      const runs = (await source.query(SOURCE_RUNS, [first, last])).rows[0].json as string;
      const results = (await source.query(SOURCE_RESULTS, [first, last])).rows[0] as { json: string; n: number };
      const next = batch.length < opts.batchRuns ? [] : await newer(last);
      // the findings of the newest run copied go with the last batch
      const findings = next.length === 0 ? (await source.query(SOURCE_FINDINGS)).rows[0] as { json: string; n: number } : null;
      await central.query('BEGIN');
      try {
        const who = [identity.system_identifier, identity.database_name];
        const r1 = await central.query(INSERT_RUNS, [...who, server.name, server.host, server.port, runs]);
        const r2 = await central.query(INSERT_RESULTS, [...who, results.json]);
        const r3 = findings ? await central.query(INSERT_FINDINGS, [...who, last, findings.json]) : null;
        await central.query('COMMIT');
        out.rows += (r1.rowCount ?? 0) + (r2.rowCount ?? 0) + (r3?.rowCount ?? 0);
        out.runs += r1.rowCount ?? 0;
        out.results += r2.rowCount ?? 0;
        out.findings += r3?.rowCount ?? 0;
      } catch (e) {
        await central.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
      out.to_run_id = Number(last);
      batch = next;
    }
    await source.query('COMMIT');
    out.status = out.to_run_id === null ? 'up_to_date' : 'collected';
  } catch (e) {
    if (e instanceof Refused) out.status = 'refused';
    else if (out.status !== 'unreachable') out.status = 'error';
    out.error = clean(e, server.password);
  } finally {
    await source?.end().catch(() => undefined);
    await central?.end().catch(() => undefined);
    out.duration_ms = Math.round(performance.now() - t0);
  }
  return out;
}
