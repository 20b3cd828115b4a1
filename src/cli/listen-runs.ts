// Channel `sec_check`: one notification per stored run (sent by the results trigger with
// the payload of sec_check.run_notification). NOTIFY is not queued for a disconnected
// listener, so after a (re)connect the listener catches up from sec_check.runs: every run
// with an id above the last one it saw gets the same payload the trigger would have sent.
import type pg from 'pg';

export const RUNS_CHANNEL = 'sec_check';

export interface RunNotification {
  run_id: number;
  scope: string;
  pack: string;
  origin: string;
  run_by: string;
  finished_at: string;
  counts: Record<string, number>;
  new_findings: string[];
  regressions: string[];
  truncated: boolean;
}

/** Parses a `sec_check` payload; throws naming the problem when it is not one. */
export function parseRunNotification(payload: string): RunNotification {
  let doc: unknown;
  try {
    doc = JSON.parse(payload);
  } catch {
    throw new Error(`sec_check notification: payload is not JSON: ${payload.slice(0, 80)}`);
  }
  const d = doc as Partial<RunNotification>;
  if (typeof d?.run_id !== 'number' || !Array.isArray(d.new_findings) || !Array.isArray(d.regressions)) {
    throw new Error(`sec_check notification: missing run_id/new_findings/regressions: ${payload.slice(0, 80)}`);
  }
  return d as RunNotification;
}

/** Id of the newest stored run (0 when there is none): where a fresh listener starts. */
export async function newestRunId(client: pg.Client): Promise<number> {
  const res = await client.query('SELECT coalesce(max(id), 0)::bigint AS id FROM sec_check.runs');
  return Number(res.rows[0].id);
}

/**
 * Notifications of the runs stored after `afterId`, oldest first: what a listener missed
 * while it was disconnected. Runs purged meanwhile are gone and cannot be reported.
 */
export async function catchUpRuns(client: pg.Client, afterId: number): Promise<RunNotification[]> {
  const res = await client.query(RUNS_CATCH_UP_SQL, [afterId, 1_000_000]);
  return res.rows.filter((r) => r.notification != null).map((r) => parseRunNotification(JSON.stringify(r.notification)));
}

/** Runs stored after $1 (at most $2), oldest first, each with the alert the trigger sent:
 * the catch-up of `sec-check listen` on channel sec_check. */
export const RUNS_CATCH_UP_SQL = `SELECT id, sec_check.run_notification(id) AS notification
   FROM sec_check.runs WHERE id > $1 ORDER BY id LIMIT $2`;

/**
 * Tracks the last run seen so a notification that arrives both live and through catch-up
 * is delivered once. Returns the notifications still to deliver, in run order.
 */
export class RunCursor {
  constructor(public lastRunId: number) {}

  accept(notes: RunNotification[]): RunNotification[] {
    const fresh = notes.filter((n) => n.run_id > this.lastRunId).sort((a, b) => a.run_id - b.run_id);
    if (fresh.length) this.lastRunId = fresh[fresh.length - 1].run_id;
    return fresh;
  }
}
