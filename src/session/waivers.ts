// Waivers recorded in the server (sec_check.waive) apply to `sec-check run` and `report` too:
// a waived finding keeps its real status in the report and carries the waiver
// (result.waiver, shown as waived by every renderer), but neither the exit code nor the
// console score counts it. Waivers are read from sec_check.active_waivers, so an expired one
// stops applying by itself.
import type pg from 'pg';
import type { CheckResult, Report, ResultWaiver } from '../core/report.ts';
import { FINDING_STATUSES } from '../core/vocabulary.ts';

export interface Waiver {
  check_id: string;
  /** database the waiver is limited to; null = every database */
  scope: string | null;
  reason: string;
  /** as the server prints it (console lines) */
  expires_at: string;
  /** the same instant as an ISO 8601 UTC time (report documents) */
  expires_at_utc?: string;
}

/** Whether waivers can be read here: 'ok', or why not (no extension, no privilege). */
export type WaiverSource = { state: 'ok'; waivers: Waiver[] } | { state: 'none' | 'no_access'; waivers: [] };


/** Active waivers of the server, or why there are none to apply. */
export async function fetchActiveWaivers(client: pg.Client): Promise<WaiverSource> {
  // to_regclass raises for a schema the role may not use: ask about the schema first (CASE
  // keeps the order)
  const probe = await client.query(
    `SELECT CASE WHEN to_regnamespace('sec_check') IS NULL THEN false
                 WHEN NOT has_schema_privilege('sec_check', 'USAGE') THEN true
                 ELSE to_regclass('sec_check.active_waivers') IS NOT NULL END AS present,
            CASE WHEN to_regnamespace('sec_check') IS NULL OR NOT has_schema_privilege('sec_check', 'USAGE') THEN false
                 WHEN to_regclass('sec_check.active_waivers') IS NULL THEN false
                 ELSE has_table_privilege('sec_check.active_waivers', 'SELECT') END AS readable`,
  );
  const { present, readable } = probe.rows[0] as { present: boolean; readable: boolean };
  if (!present) return { state: 'none', waivers: [] };
  if (!readable) return { state: 'no_access', waivers: [] };
  const res = await client.query(
    `SELECT check_id, scope, reason, expires_at::text AS expires_at,
            to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS expires_at_utc
       FROM sec_check.active_waivers ORDER BY id`,
  );
  return { state: 'ok', waivers: res.rows as Waiver[] };
}

/** The waiver that covers a failing result in database `scope`, if any. */
export function waiverFor(result: CheckResult, scope: string, waivers: Waiver[]): Waiver | undefined {
  if (!FINDING_STATUSES.has(result.status)) return undefined;
  const keys = [result.check_id, result.name, result.check_id ?? `${result.section}/${result.name}`];
  return waivers.find((w) => (w.scope === null || w.scope === scope) && keys.includes(w.check_id));
}

/** The report with each failing result a waiver covers marked (result.waiver); a waiver mark
 *  the document already carried is replaced by what the server says now. */
export function markWaived(report: Report, waivers: Waiver[]): Report {
  const scope = report.run?.server?.database ?? '';
  const results = report.results.map((r) => {
    const { waiver: _old, ...rest } = r;
    const w = waiverFor(rest, scope, waivers);
    if (!w) return _old ? rest : r;
    const waiver: ResultWaiver = { reason: w.reason, expires_at: w.expires_at_utc ?? w.expires_at, scope: w.scope };
    return { ...rest, waiver };
  });
  return { ...report, results };
}

/** The report without its waived failing results (for exit codes and scores), and those results. */
export function withoutWaived(report: Report, waivers: Waiver[]): { judged: Report; waived: CheckResult[] } {
  const scope = report.run?.server?.database ?? '';
  const waived = report.results.filter((r) => waiverFor(r, scope, waivers));
  if (!waived.length) return { judged: report, waived };
  return { judged: { ...report, results: report.results.filter((r) => !waived.includes(r)) }, waived };
}

/** One line per waived finding for the console. */
export function waivedLines(waived: CheckResult[], scope: string, waivers: Waiver[]): string[] {
  return waived.map((r) => {
    const w = waiverFor(r, scope, waivers)!;
    return `  WAIVED   ${r.section}/${r.check_id ?? r.name} (${r.status}) until ${w.expires_at}: ${w.reason.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}`;
  });
}
