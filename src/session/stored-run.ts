// What is stored in the server's sec_check tables, as `report` and `fix` read it (both
// commands share this selection). By default the current state of the connected database:
// every check's latest verdict in the pack, each taken from the run that produced it
// (sec_check.current_report_json), so a partial run (an hourly logging schedule) never hides
// what a full run found. `--run ID` names one stored run; `--run latest` is the newest stored
// run whatever it covered, with a note when it was partial. The database rebuilds the report
// document (current_report_json / report_json), so a stored run renders and is fixed exactly
// like a fresh one.
import type pg from 'pg';

export type RunSelector = { kind: 'current' } | { kind: 'latest' } | { kind: 'id'; id: string };

/** Parses --run: absent or "current", "latest", or a positive integer (kept as a string:
 *  ids are bigint). */
export function parseRunArg(run: string | undefined): RunSelector {
  if (run === undefined) return { kind: 'current' };
  const v = String(run).trim();
  if (v.toLowerCase() === 'current') return { kind: 'current' };
  if (v.toLowerCase() === 'latest') return { kind: 'latest' };
  if (/^[1-9]\d{0,18}$/.test(v)) return { kind: 'id', id: v };
  throw new Error(`invalid --run value "${run}": expected current (the default), latest or a run id (positive integer)`);
}

/** How a selection is named in messages: "run 42", "the latest run", "the current state". */
export function describeRun(run: RunSelector): string {
  return run.kind === 'id' ? `run ${run.id}` : run.kind === 'latest' ? 'the latest run' : 'the current state';
}

export interface StoredReport {
  doc: unknown;
  /** How the source is named in outputs: "stored run 42", "current state of database app". */
  label: string;
  /** Things the reader should know, one line each (e.g. the run covered some groups only). */
  notes: string[];
  /** The stored run, when one run was selected (--run ID|latest); a current-state document
   *  names the run of each result instead (result.run_id, set by the server). */
  runId?: string;
}

const asDoc = (doc: unknown): unknown => (typeof doc === 'string' ? JSON.parse(doc) : doc);

/** The report document selected, or a message saying why there is none. */
export async function storedReport(client: pg.Client, run: RunSelector, hint = ''): Promise<StoredReport | { missing: string }> {
  if (run.kind === 'current') {
    const has = await client.query<{ schema: boolean; ok: boolean | null; db: string }>(
      `SELECT pg_catalog.to_regnamespace('sec_check') IS NOT NULL AS schema, current_database() AS db,
              CASE WHEN pg_catalog.to_regnamespace('sec_check') IS NOT NULL AND pg_catalog.has_schema_privilege('sec_check', 'USAGE')
                   THEN pg_catalog.to_regprocedure('sec_check.current_report_json(text,text)') IS NOT NULL END AS ok`);
    const probe = has.rows[0];
    if (!probe?.schema) return { missing: `sec_check is not installed in database ${probe?.db} (CREATE EXTENSION sec_check)` };
    if (probe.ok === false) {
      return { missing: 'the sec_check extension of this database has no current state (sec_check.current_report_json): upgrade it with ALTER EXTENSION sec_check UPDATE, or give --run ID|latest' };
    }
    const r = await client.query<{ report: unknown; db: string }>('SELECT sec_check.current_report_json() AS report, current_database() AS db');
    const doc = asDoc(r.rows[0]?.report ?? null) as { run?: { current_state?: { runs?: number[]; oldest_checked_at?: string | null; hidden?: number } } } | null;
    if (doc == null) return { missing: `there are no stored verdicts for database ${r.rows[0]?.db}${hint}` };
    const state = doc.run?.current_state;
    const notes: string[] = [];
    if (state?.hidden) notes.push(`${state.hidden} check(s) left out: their latest verdict is in runs this role may not read (grant_evidence_access)`);
    const runs = state?.runs ?? [];
    return {
      doc,
      label: `current state of database ${r.rows[0]?.db} (verdicts from run${runs.length === 1 ? '' : 's'} ${runs.join(', ')}; oldest from ${state?.oldest_checked_at ?? 'n/a'})`,
      notes,
    };
  }
  let id: string | null = run.kind === 'id' ? run.id : null;
  if (run.kind === 'latest') {
    const r = await client.query<{ id: string | null }>('SELECT max(id)::text AS id FROM sec_check.runs');
    id = r.rows[0]?.id ?? null;
    if (id == null) return { missing: `there are no stored runs in sec_check.runs${hint}` };
  }
  const r = await client.query<{ report: unknown }>('SELECT sec_check.report_json($1::bigint) AS report', [id]);
  const doc = asDoc(r.rows[0]?.report ?? null) as { run?: { groups?: string[] | null } } | null;
  if (doc == null) return { missing: `run ${id} not found in sec_check.runs` };
  const notes: string[] = [];
  if (run.kind === 'latest' && Array.isArray(doc.run?.groups)) {
    notes.push(`run ${id} covered only the group(s) ${doc.run.groups.join(', ')}; without --run the current state has every check's latest verdict`);
  }
  return { doc, label: `stored run ${id}`, notes, runId: id! };
}
