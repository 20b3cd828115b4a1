// Renders the DDL trail (rows of sec_check.ddl_activity) as JSON or as one self-contained
// HTML page. Every value comes from the server and may be hostile (object names, statements,
// application_name are chosen by whoever ran the DDL), so all of it is escaped.
import { escapeHtml } from './escape.ts';

export interface DdlTrailDocument {
  format: 'sec_check-ddl-trail';
  format_version: 1;
  database: string;
  since: string | null;
  until: string | null;
  generated_at: string;
  verify: { ok: boolean; rows_checked: number; first_bad_id: number | null; detail: string } | null;
  rows: Record<string, unknown>[];
}

export const DDL_TRAIL_COLUMNS = ['id', 'at', 'command_tag', 'object_type', 'object_identity', 'session_user_name',
  'current_user_name', 'client', 'application_name', 'database_name', 'event', 'statement'] as const;

const HEADINGS: Record<(typeof DDL_TRAIL_COLUMNS)[number], string> = {
  id: 'Id', at: 'At', command_tag: 'Command', object_type: 'Object type', object_identity: 'Object',
  session_user_name: 'Session user', current_user_name: 'Current user', client: 'Client',
  application_name: 'Application', database_name: 'Database', event: 'Event', statement: 'Statement',
};

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

export function renderDdlTrailHtml(doc: DdlTrailDocument): string {
  const window = `${doc.since ?? 'the beginning'} to ${doc.until ?? 'now'}`;
  const verify = doc.verify
    ? (doc.verify.ok ? `<p class="ok">Hash chain intact (${escapeHtml(doc.verify.rows_checked)} rows).</p>`
      : `<p class="bad">Hash chain broken at row ${escapeHtml(doc.verify.first_bad_id)}: ${escapeHtml(doc.verify.detail)}</p>`)
    : '<p>Hash chain not verified (no EXECUTE on sec_check.ddl_log_verify).</p>';
  const head = DDL_TRAIL_COLUMNS.map((c) => `<th>${escapeHtml(HEADINGS[c])}</th>`).join('');
  const body = doc.rows.map((r) => `<tr>${DDL_TRAIL_COLUMNS.map((c) => `<td>${escapeHtml(cell(r[c]))}</td>`).join('')}</tr>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>DDL trail of ${escapeHtml(doc.database)}</title>
<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top;text-align:left}
td:last-child{font-family:monospace;white-space:pre-wrap;max-width:40em}.bad{color:#b00;font-weight:bold}.ok{color:#070}</style>
</head><body>
<h1>DDL trail of database ${escapeHtml(doc.database)}</h1>
<p>${escapeHtml(window)}, ${doc.rows.length} rows, newest first. Generated ${escapeHtml(doc.generated_at)}.</p>
${verify}
<table><thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody></table>
</body></html>
`;
}
