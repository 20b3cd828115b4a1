// A run stored in the server's sec_check tables, as `report --run` and `fix --run` read it:
// the database rebuilds the report document (sec_check.report_json), so a stored run renders
// and is fixed exactly like a fresh one.
import type pg from 'pg';

/** Parses --run: "latest" or a positive integer (kept as a string: ids are bigint). */
export function parseRunArg(run: string): 'latest' | string {
  const v = String(run ?? '').trim();
  if (v.toLowerCase() === 'latest') return 'latest';
  if (/^[1-9]\d{0,18}$/.test(v)) return v;
  throw new Error(`invalid --run value "${run}": expected a run id (positive integer) or "latest"`);
}

/**
 * The stored report document of a run, or a message saying why there is none.
 * `noRunsHint` is added to the message when there is no run at all ("latest").
 */
export async function storedReport(client: pg.Client, run: string, noRunsHint = ''): Promise<{ doc: unknown; id: string } | { missing: string }> {
  let id: string | null = run;
  if (run === 'latest') {
    const r = await client.query<{ id: string | null }>('SELECT max(id)::text AS id FROM sec_check.runs');
    id = r.rows[0]?.id ?? null;
    if (id == null) return { missing: `there are no stored runs in sec_check.runs${noRunsHint}` };
  }
  const r = await client.query<{ report: unknown }>('SELECT sec_check.report_json($1::bigint) AS report', [id]);
  const doc = r.rows[0]?.report ?? null;
  if (doc == null) return { missing: `run ${id} not found in sec_check.runs` };
  // pg parses jsonb into objects; a json/text result would arrive as a string.
  return { doc: typeof doc === 'string' ? JSON.parse(doc) : doc, id };
}
