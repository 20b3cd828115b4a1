// The DDL trail of one database for a time window (`sec-check ddl`): rows of
// sec_check.ddl_activity, newest first, and the chain verification when the role may run it.
import type pg from 'pg';
import type { DdlTrailDocument } from '../render/ddl-trail.ts';
import { ConnectionError, openConnection } from '../session/connect.ts';

export async function readDdlTrail(config: pg.ClientConfig, window: { since: string | null; until: string | null; limit: number }): Promise<DdlTrailDocument> {
  const { since, until, limit } = window;
  const client = await openConnection(config, { readOnly: true });
  try {
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
