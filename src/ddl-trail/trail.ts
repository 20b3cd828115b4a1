// The DDL trail of one database for a time window (`sec-check ddl`): rows of
// sec_check.ddl_activity, newest first, and the chain verification when the role may run it.
import type pg from 'pg';
import type { DdlTrailDocument } from '../render/ddl-trail.ts';
import { ConnectionError, openConnection } from '../session/connect.ts';
import type { ConnectionTarget } from '../session/connection-target.ts';

/** A time of the window: a date/time text, a duration back from the server's clock, or none. */
export type TrailTime = string | { agoSeconds: number } | null;

export async function readDdlTrail(config: ConnectionTarget, window: { since: TrailTime; until: TrailTime; limit: number }): Promise<DdlTrailDocument> {
  const { limit } = window;
  const client = await openConnection(config, { readOnly: true });
  try {
    // durations are taken back from the server's now(), so the client's clock does not matter
    const at = async (t: TrailTime): Promise<string | null> => (t === null || typeof t === 'string' ? t
      : (await client.query(`SELECT to_char((now() - make_interval(secs => $1)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`, [t.agoSeconds])).rows[0].t);
    const since = await at(window.since);
    const until = await at(window.until);
    const installed = await client.query(`SELECT to_regclass('sec_check.ddl_activity') IS NOT NULL AS ok`).catch(() => ({ rows: [{ ok: false }] }));
    if (!installed.rows[0].ok) throw new ConnectionError('the sec_check DDL trail is not installed in this database (CREATE EXTENSION sec_check; SELECT sec_check.ddl_audit_enable();)');
    const rows = await client.query(
      `SELECT * FROM sec_check.ddl_activity
        WHERE ($1::timestamptz IS NULL OR at >= $1::timestamptz) AND ($2::timestamptz IS NULL OR at < $2::timestamptz)
        ORDER BY id DESC LIMIT $3`, [since, until, limit]);
    let verify: DdlTrailDocument['verify'] = null;
    try {
      const v = (await client.query('SELECT ok, rows_checked, first_bad_id, detail FROM sec_check.ddl_log_verify()')).rows[0];
      verify = { ok: v.ok, rows_checked: Number(v.rows_checked), first_bad_id: v.first_bad_id === null ? null : Number(v.first_bad_id), detail: v.detail };
    } catch { /* no EXECUTE: the page says it was not verified */ }
    const db = (await client.query('SELECT current_database() AS d')).rows[0].d;
    return { format: 'sec_check-ddl-trail', format_version: 1, database: db, since, until, generated_at: new Date().toISOString(),
      verify, rows: rows.rows.map((r) => ({ ...r, id: Number(r.id) })) };
  } finally {
    await client.end().catch(() => {});
  }
}
