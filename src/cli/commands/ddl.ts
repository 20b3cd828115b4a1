// `sec-check ddl`: the DDL trail of one database for a time window, as JSON or HTML.
import { asUsage, CONNECTION_OPTIONS, connectionConfig, nonEmpty, type OptionValues } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { ConnectionError, openConnection } from '../../session/connect.ts';
import { checkWritableFile, writeFilesAtomically } from '../output.ts';
import { renderDdlTrailHtml, type DdlTrailDocument } from '../../report/ddl-trail.ts';

const DDL_HELP = `sec-check ddl [--since TIME] [--until TIME] [--format json|html] [--output FILE] [--limit N] [connection options]
    The DDL trail (sec_check.ddl_activity) from --since up to --until, newest first, with the
    chain verification. Writes to stdout without --output. Exit 1 when the chain does not verify.`;

function parseTime(option: string, value: unknown): string | null {
  if (value === undefined) return null;
  const text = String(value);
  if (Number.isNaN(Date.parse(text))) throw new Error(`--${option}: not a date/time: ${JSON.stringify(text)}`);
  return text;
}

export const ddlCommand: Command = {
  name: 'ddl',
  help: DDL_HELP,
  options: {
    ...CONNECTION_OPTIONS,
    since: { type: 'string' },
    until: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    limit: { type: 'string' },
  },
  run: ddlTrail,
};

async function ddlTrail(values: OptionValues): Promise<number> {
  const since = asUsage(() => parseTime('since', values.since));
  const until = asUsage(() => parseTime('until', values.until));
  const format = String(values.format ?? 'json').toLowerCase();
  if (format !== 'json' && format !== 'html') throw new UsageError(`--format: json or html, not ${JSON.stringify(values.format)}`);
  const limit = Number(values.limit ?? 10000);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new UsageError(`--limit: not a positive number: ${JSON.stringify(values.limit)}`);
  const output = nonEmpty(values.output, '--output');
  if (output) checkWritableFile(output, '--output');

  const client = await openConnection(connectionConfig(values as Record<string, string>), { readOnly: true });
  let doc: DdlTrailDocument;
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
    doc = { format: 'sec_check-ddl-trail', format_version: 1, database: db, since, until, generated_at: new Date().toISOString(),
      verify, rows: rows.rows.map((r) => ({ ...r, id: Number(r.id) })) };
  } finally {
    await client.end().catch(() => {});
  }
  const text = format === 'html' ? renderDdlTrailHtml(doc) : JSON.stringify(doc, null, 2) + '\n';
  if (output) await writeFilesAtomically([{ path: output, text }], '--output');
  else process.stdout.write(text);
  return doc.verify && !doc.verify.ok ? 1 : 0;
}
