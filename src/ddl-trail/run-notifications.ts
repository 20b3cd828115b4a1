// Channel `sec_check`: one notification per stored run (sent by the results trigger with
// the payload of sec_check.run_notification). NOTIFY is not queued for a disconnected
// listener, so after a (re)connect the listener catches up from sec_check.runs: every run
// with an id above the last one it saw gets the same payload the trigger would have sent.

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

/** Runs stored after $1 (at most $2), oldest first, each with the alert the trigger sent:
 * the catch-up of `sec-check listen` on channel sec_check. */
export const RUNS_CATCH_UP_SQL = `SELECT id, sec_check.run_notification(id) AS notification
   FROM sec_check.runs WHERE id > $1 ORDER BY id LIMIT $2`;

