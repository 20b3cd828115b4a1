// Renders the DDL trail (rows of sec_check.ddl_activity) as one page in the page shell, en or
// ru. Every value comes from the server and may be hostile (object names, statements,
// application_name are chosen by whoever ran the DDL), so all of it is escaped.
import { escapeHtml as h } from './escape.ts';
import { renderPage } from './page.ts';
import { fill, pageLocale, pageStrings } from './ui-strings.ts';

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

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

export function renderDdlTrailHtml(doc: DdlTrailDocument, locale = 'en'): string {
  const lang = pageLocale(locale);
  const t = pageStrings(lang).ddl;
  const verify = doc.verify
    ? (doc.verify.ok ? `<p class="chain-ok">${h(fill(t.intact, { rows: doc.verify.rows_checked }))}</p>`
      : `<p class="chain-bad">${h(fill(t.broken, { id: String(doc.verify.first_bad_id), detail: doc.verify.detail }))}</p>`)
    : `<p>${h(t.not_verified)}</p>`;
  const head = t.cols.map((c) => `<th scope="col">${h(c)}</th>`).join('');
  const body = doc.rows.map((r) => `<tr>${DDL_TRAIL_COLUMNS.map((c) => `<td${c === 'statement' ? ' class="stmt"' : ''}>${h(cell(r[c]))}</td>`).join('')}</tr>`).join('\n');
  const window = fill(t.window, { since: doc.since ?? t.beginning, until: doc.until ?? t.now, rows: doc.rows.length, at: doc.generated_at });
  return renderPage({
    locale: lang,
    title: fill(t.title, { db: doc.database }),
    heading: fill(t.heading, { db: doc.database }),
    sub: window,
    body: `${verify}\n<table class="list"><thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>\n`,
  });
}
