// Helpers every renderer shares. Renderers take a Report that is well-formed: a fresh one
// from the engine, or a stored one checked against the schema when it was read
// (read-report.ts), so they coerce only the fields the contract allows to be null.
import type { CheckResult, Report } from '../core/report.ts';
import { plainText } from './rich-text.ts';

/** A nullable value as display text ('' for null). */
export const str = (v: string | number | null | undefined): string => (v == null ? '' : String(v));

/** Section key -> header, in report order, plus any section only seen in the results. */
export function sectionHeaders(report: Report): Map<string, string> {
  const headers = new Map<string, string>();
  for (const s of report.sections) headers.set(s.key, s.header || s.key);
  for (const r of report.results) if (!headers.has(r.section)) headers.set(r.section, r.section);
  return headers;
}

/** One line that says what a result found: its short description, else the check's description. */
export function summaryText(r: CheckResult): string {
  return plainText(r.short_description) || r.description;
}

/** "host:port/database" of the audited server, for titles and stable ids. */
export function serverAddress(report: Report): string {
  const s = report.run.server;
  return `${str(s.host)}${s.port != null ? `:${s.port}` : ''}/${s.database}`;
}
