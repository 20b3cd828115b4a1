// The optional "Sensitive access" section of the HTML report: who read or wrote classified
// data in the last N days (sec_check.sensitive_access, read by `sec-check report
// --sensitive-access-days N`). Everything in it comes from the server log via the ingested
// pgAudit trail — user names, clients, statements are chosen by whoever connected — so every
// value is escaped. Static markup only (no script), so it works under the page's CSP.
import { escapeHtml as h } from './escape.ts';
import { fill, pageStrings } from './ui-strings.ts';

export interface SensitiveAccessRow {
  logged_at: string | null;
  user_name: string | null;
  client: string | null;
  class: string | null;
  command: string | null;
  object_name: string | null;
  sensitive_columns: string[] | null;
  labels: string[] | null;
  statement: string | null;
}

export interface SensitiveAccessSummaryRow {
  user_name: string | null;
  object_name: string | null;
  reads: number;
  writes: number;
  distinct_clients: number;
  last_at: string | null;
}

export interface SensitiveAccessSection {
  days: number;
  /** newest first, at most SENSITIVE_ACCESS_ROW_LIMIT */
  rows: SensitiveAccessRow[];
  /** more rows existed in the window than are shown */
  truncated: boolean;
  summary: SensitiveAccessSummaryRow[];
}

export const SENSITIVE_ACCESS_ROW_LIMIT = 500;
export const SENSITIVE_ACCESS_MAX_DAYS = 3650;
const STATEMENT_MAX = 1000;

/**
 * The statement as shown in the report: the statements that touch sensitive columns carry
 * their values (UPDATE ... SET password = '...', WHERE card = 4111...), and a report travels
 * further than the database, so string literals, dollar-quoted strings and runs of 4+ digits
 * are replaced by *** (the view keeps the statement as pgAudit logged it).
 */
export function maskStatement(statement: string): string {
  // one pass, left to right, so a quote inside an identifier or a comment is not taken for
  // the start of a literal
  return statement.replace(
    /("(?:[^"]|"")*")|(--[^\n]*)|(\$([A-Za-z_][A-Za-z0-9_]*)?\$[\s\S]*?\$\4\$)|((?<![A-Za-z0-9_])[Ee]'(?:[^'\\]|\\[\s\S]|'')*')|('(?:[^']|'')*')|((?<![A-Za-z0-9_])\d{4,})/g,
    (m, ident: string | undefined, comment: string | undefined, dollar: string | undefined, _tag: string | undefined,
      escaped: string | undefined, literal: string | undefined) => {
      if (ident !== undefined || comment !== undefined) return m;
      if (dollar !== undefined) return '$$***$$';
      if (escaped !== undefined || literal !== undefined) return "'***'";
      return '***';
    });
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => String(v)).join(', ');
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function table(heads: readonly string[], rows: unknown[][], cls: string): string {
  const head = heads.map((t) => `<th scope="col">${h(t)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((v) => `<td>${h(cell(v))}</td>`).join('')}</tr>`).join('');
  return `<table class="${cls}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The section's HTML (a heading and two tables), in the page's locale (en or ru). */
export function renderSensitiveAccessSection(section: SensitiveAccessSection, locale: string): string {
  const t = pageStrings(locale).sensitive_access;
  const title = fill(t.title, { days: section.days });
  if (section.rows.length === 0) {
    return `<section id="sensitive-access"><h2>${h(title)}</h2><p class="note">${h(t.none)}</p></section>\n`;
  }
  const summary = table(t.sum_cols, section.summary.map((s) =>
    [s.user_name, s.object_name, s.reads, s.writes, s.distinct_clients, s.last_at]), 'sensitive-summary');
  const records = table(t.cols, section.rows.map((r) => [r.logged_at, r.user_name, r.client, r.class, r.command, r.object_name,
    r.sensitive_columns, r.labels, r.statement == null ? null : maskStatement(r.statement).slice(0, STATEMENT_MAX)]), 'sensitive-records');
  return `<section id="sensitive-access"><h2>${h(title)}</h2><p class="note">${h(t.note)}</p>` +
    `<h3>${h(t.by_role)}</h3>${summary}<h3>${h(t.records)}</h3>` +
    (section.truncated ? `<p class="note">${h(fill(t.truncated, { n: section.rows.length }))}</p>` : '') +
    `${records}</section>\n`;
}

/** --sensitive-access-days: a whole number of days, 1..3650. */
export function parseSensitiveAccessDays(value: string): number {
  const v = String(value ?? '').trim();
  if (!/^[1-9]\d{0,3}$/.test(v) || Number(v) > SENSITIVE_ACCESS_MAX_DAYS) {
    throw new Error(`invalid --sensitive-access-days value "${value}": expected a whole number of days from 1 to ${SENSITIVE_ACCESS_MAX_DAYS}`);
  }
  return Number(v);
}
