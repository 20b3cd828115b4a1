// The history shown in the HTML report of a stored run or of the current state (`sec-check
// report`), read from the server's views, never recomputed here:
//  - each group's score over time: sec_check.score_history (the current-state score of each
//    group once a run was stored) and run_summary.state_score (all groups), up to the run
//    reported: one point per run while there are at most TREND_POINTS runs, else one per day
//    (the day's last run, UTC) for the last TREND_POINTS days with a run — so a nightly
//    schedule shows a month and hourly runs of one group do not shrink it to a day;
//  - what changed since the previous comparable run. One stored run (--run ID|latest) is
//    compared with the run before it of the same database, pack, groups and origin, through
//    sec_check.drift(). The current state is compared with the state at the
//    end of the run before its newest full in-database run (same database, pack and origin; a
//    partial run when there is no full one): sec_check.state_changes after that time, one net change per check
//    (its verdict then against its verdict now), so hourly runs of one group in between are
//    counted once, not once per run.
// Reading them needs sec_check.grant_read_access; without it (or with an extension older than
// the views) the page says so and the rest of the report is unchanged.
import type pg from 'pg';
import type { Report } from '../core/report.ts';
import type { ReportHistory, ScorePoint, VerdictChange } from '../render/history.ts';

/** Points of a trend: runs, or days (each the day's last stored run) when there are more runs. */
export const TREND_POINTS = 30;

const VIEWS = ['score_history', 'run_summary', 'state_changes'];

type Probe = { state: 'ok' } | { state: 'old_extension' | 'no_access' };

async function probe(client: pg.Client): Promise<Probe> {
  const r = await client.query<{ usable: boolean; present: boolean; readable: boolean }>(
    `SELECT has_schema_privilege('sec_check', 'USAGE') AS usable,
            CASE WHEN has_schema_privilege('sec_check', 'USAGE')
                 THEN to_regclass('sec_check.score_history') IS NOT NULL END AS present,
            CASE WHEN has_schema_privilege('sec_check', 'USAGE') AND to_regclass('sec_check.score_history') IS NOT NULL
                 THEN (SELECT bool_and(has_table_privilege(format('sec_check.%I', v), 'SELECT')) FROM unnest($1::text[]) v)
                      AND has_function_privilege('sec_check.drift(bigint,bigint)', 'EXECUTE')
                      AND has_function_privilege('sec_check.priority(text,text,text)', 'EXECUTE') END AS readable`,
    [VIEWS],
  );
  const p = r.rows[0];
  if (!p?.usable) return { state: 'no_access' };
  if (!p.present) return { state: 'old_extension' };
  return p.readable ? { state: 'ok' } : { state: 'no_access' };
}

const EMPTY: Omit<ReportHistory, 'unavailable'> = { groups: {}, overall: [], per: 'run', compared: null, changes: [] };

interface RunRow { run_id: string; finished_at: string; scope: string; pack: string; groups: string[] | null; origin: string }

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const num = (v: unknown): number | null => (v == null ? null : Number(v));

/** The trend up to `upTo`, oldest first: one point per run, or per day past TREND_POINTS runs. */
async function trend(client: pg.Client, scope: string, pack: string, upTo: string): Promise<Pick<ReportHistory, 'groups' | 'overall' | 'per'>> {
  const runs = `FROM sec_check.run_summary s
        WHERE s.scope = $1 AND s.pack = $2 AND s.run_id <= $3::bigint
          AND EXISTS (SELECT 1 FROM sec_check.score_history h WHERE h.run_id = s.run_id)`;
  const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM (SELECT 1 ${runs} LIMIT $4) c`, [scope, pack, upTo, TREND_POINTS + 1]);
  const per = Number(count.rows[0].n) > TREND_POINTS ? 'day' : 'run';
  const days = await client.query<{ run_id: string; finished_at: Date; state_score: string | null }>(
    per === 'run'
      ? `SELECT s.run_id, s.finished_at, s.state_score ${runs} ORDER BY s.finished_at, s.run_id`
      : `SELECT run_id, finished_at, state_score FROM (
           SELECT DISTINCT ON (date_trunc('day', s.finished_at AT TIME ZONE 'UTC')) s.run_id, s.finished_at, s.state_score
           ${runs}
            ORDER BY date_trunc('day', s.finished_at AT TIME ZONE 'UTC') DESC, s.finished_at DESC, s.run_id DESC
            LIMIT $4) d
         ORDER BY finished_at, run_id`,
    per === 'run' ? [scope, pack, upTo] : [scope, pack, upTo, TREND_POINTS],
  );
  const overall: ScorePoint[] = days.rows.map((d) => ({ run_id: Number(d.run_id), finished_at: iso(d.finished_at), score: num(d.state_score) }));
  const groups: Record<string, ScorePoint[]> = {};
  if (!overall.length) return { groups, overall, per };
  const rows = await client.query<{ run_id: string; section: string; score: string | null }>(
    `SELECT run_id, section, score FROM sec_check.score_history WHERE run_id = ANY($1::bigint[])`,
    [overall.map((p) => p.run_id)],
  );
  const at = new Map(overall.map((p) => [p.run_id, p.finished_at]));
  for (const p of overall) {
    for (const r of rows.rows.filter((x) => Number(x.run_id) === p.run_id)) {
      (groups[r.section] ??= []).push({ run_id: p.run_id, finished_at: at.get(p.run_id)!, score: num(r.score) });
    }
  }
  return { groups, overall, per };
}

/** The run before `run` of the same scope, pack, groups and origin (drift's "previous
 *  comparable", and an agent's post is never compared with an in-database run). */
async function previousComparable(client: pg.Client, run: RunRow): Promise<RunRow | null> {
  const r = await client.query<RunRow>(
    `SELECT run_id, finished_at, scope, pack, groups, origin FROM sec_check.run_summary
      WHERE scope = $1 AND pack = $2 AND groups IS NOT DISTINCT FROM $3::text[] AND origin = $4 AND run_id < $5::bigint
      ORDER BY run_id DESC LIMIT 1`,
    [run.scope, run.pack, run.groups, run.origin, run.run_id],
  );
  return r.rows[0] ?? null;
}

/** Error 3, Failed 2, Warning 1, else 0: the order state_changes and drift compare by. */
const RANK = (col: string) => `CASE ${col} WHEN 'Error' THEN 3 WHEN 'Failed' THEN 2 WHEN 'Warning' THEN 1 ELSE 0 END`;

const CHANGE_COLUMNS = `section, check_id, check_name, severity, from_status, to_status, change,
  coalesce(sec_check.priority(to_status, severity, NULL), 0) AS priority`;

function toChanges(rows: Record<string, unknown>[]): VerdictChange[] {
  return rows.map((c) => ({
    section: String(c.section),
    check_id: c.check_id == null ? null : String(c.check_id),
    check_name: String(c.check_name),
    severity: (c.severity ?? null) as VerdictChange['severity'],
    from_status: (c.from_status ?? null) as VerdictChange['from_status'],
    to_status: (c.to_status ?? null) as VerdictChange['to_status'],
    change: c.change as VerdictChange['change'],
    priority: Number(c.priority ?? 0),
  }));
}

/**
 * The history of the report read from `client`: a stored run (`runId`) or the current state
 * (report.run.current_state). Never throws for a missing privilege or an old extension: the
 * result says `unavailable` instead.
 */
export async function readReportHistory(client: pg.Client, report: Report, runId?: string): Promise<ReportHistory> {
  const p = await probe(client);
  if (p.state !== 'ok') return { ...EMPTY, unavailable: p.state };
  let ref: RunRow | undefined;
  if (runId !== undefined) {
    ref = (await client.query<RunRow>(
      'SELECT run_id, finished_at, scope, pack, groups, origin FROM sec_check.run_summary WHERE run_id = $1::bigint', [runId])).rows[0];
    if (!ref) return { ...EMPTY };
  } else {
    const state = report.run.current_state;
    if (!state) return { ...EMPTY };
    // the newest full in-database run of this database and pack, else its newest run
    ref = (await client.query<RunRow>(
      `SELECT run_id, finished_at, scope, pack, groups, origin FROM sec_check.run_summary
        WHERE scope = $1 AND pack = $2 ORDER BY (groups IS NULL AND origin = 'database') DESC, run_id DESC LIMIT 1`,
      [state.scope, state.pack])).rows[0];
    if (!ref) return { ...EMPTY };
  }
  const upTo = runId ?? (await client.query<{ id: string }>(
    'SELECT max(run_id) AS id FROM sec_check.run_summary WHERE scope = $1 AND pack = $2', [ref.scope, ref.pack])).rows[0].id;
  const { groups, overall, per } = await trend(client, ref.scope, ref.pack, upTo);
  const prev = await previousComparable(client, ref);
  if (!prev) return { groups, overall, per, compared: null, changes: [] };
  const compared = {
    from: { run_id: Number(prev.run_id), finished_at: iso(prev.finished_at) },
    to: runId !== undefined ? { run_id: Number(ref.run_id) } : null,
  };
  let rows: Record<string, unknown>[];
  if (runId !== undefined) {
    rows = (await client.query(
      `SELECT ${CHANGE_COLUMNS} FROM sec_check.drift($1::bigint, $2::bigint) WHERE change <> 'still_failing'`,
      [prev.run_id, ref.run_id])).rows;
  } else {
    // one net change per check: its verdict before the first change after `prev`, its verdict now
    rows = (await client.query(
      `WITH c AS (
         SELECT x.*, coalesce(x.check_id, x.section || '/' || x.check_name) AS k
           FROM sec_check.state_changes x
          WHERE x.scope = $1 AND x.pack = $2
            AND x.changed_at > (SELECT p.finished_at FROM sec_check.run_summary p WHERE p.run_id = $3::bigint)
       ), first AS (
         SELECT DISTINCT ON (k) k, from_status FROM c ORDER BY k, changed_at, run_id
       ), last AS (
         SELECT DISTINCT ON (k) * FROM c ORDER BY k, changed_at DESC, run_id DESC
       ), net AS (
         SELECT l.section, l.check_id, l.check_name, l.severity, f.from_status, l.to_status,
                CASE WHEN l.to_status IN ('Success', 'Info') THEN 'fixed'
                     WHEN f.from_status IS NULL OR f.from_status IN ('Success', 'Info') THEN 'new_finding'
                     WHEN ${RANK('l.to_status')} > ${RANK('f.from_status')} THEN 'regressed'
                     ELSE 'improved' END AS change
           FROM last l JOIN first f USING (k)
          WHERE f.from_status IS DISTINCT FROM l.to_status
            AND NOT (f.from_status IS NULL AND l.to_status IN ('Success', 'Info'))
       )
       SELECT ${CHANGE_COLUMNS} FROM net`,
      [ref.scope, ref.pack, prev.run_id])).rows;
  }
  return { groups, overall, per, compared, changes: toChanges(rows) };
}
