// Console summary (one screen) and the exit code policy of `sec-check --fail-on`.
//
// --fail-on threshold, from most to least serious: Error > Failed > Warning > Info.
// Failed ranks above Warning because a check that could not be evaluated may hide an
// Error; it ranks below Error because nothing was actually found. Skipped never fails a run
// (it is an explicit "not evaluated here", e.g. a version gate). 'never' always gives 0.
// Exit codes: 0 = nothing at or above the threshold, 1 = something was; 2 is reserved for
// usage/config/connection errors and is produced by the CLI main, not here.
import type { CheckResult, Report, Status } from '../core/report.ts';
import { STATUSES } from '../core/report.ts';
import { displayDuration, displayTime } from './format.ts';
import { scores } from './score.ts';
import { summaryText } from './shared.ts';
import { renderTable } from './table.ts';

export type FailOn = 'Error' | 'Failed' | 'Warning' | 'Info' | 'never';
export const FAIL_ON_ORDER: Exclude<FailOn, 'never'>[] = ['Error', 'Failed', 'Warning', 'Info'];

/** Parses a --fail-on value case-insensitively; throws naming the bad value. */
export function parseFailOn(value: string): FailOn {
  const v = String(value).trim().toLowerCase();
  const hit = ([...FAIL_ON_ORDER, 'never'] as FailOn[]).find((f) => f.toLowerCase() === v);
  if (!hit) throw new Error(`invalid --fail-on value "${value}": expected one of Error, Failed, Warning, Info, never`);
  return hit;
}

/** 1 when any result has a status at or above `failOn` in the order above, else 0. */
export function exitCodeFor(report: Report, failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  const limit = FAIL_ON_ORDER.indexOf(failOn);
  if (limit < 0) throw new Error(`invalid failOn: ${String(failOn)}`);
  const failing = new Set<string>(FAIL_ON_ORDER.slice(0, limit + 1));
  return report.results.some((r) => failing.has(r.status)) ? 1 : 0;
}

const LISTED: Status[] = ['Error', 'Failed', 'Warning', 'Info', 'Skipped'];

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function clip(text: string, width: number): string {
  // Check output is untrusted: control characters (ANSI escapes) must not reach a terminal.
  const s = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return s.length > width ? `${s.slice(0, width - 1)}…` : s;
}

/** The checks that did not pass, as a table (the CLI's one table renderer), every line within `width`. */
function checkTable(results: CheckResult[], width: number): string {
  const name = (r: CheckResult) => `${r.section}/${r.check_id ?? r.name}`;
  const checkWidth = Math.min(40, Math.max(5, ...results.map((r) => name(r).length)));
  // indent 2, STATUS 7, SEVERITY 8, CHECK, and two spaces between columns
  const rest = Math.max(20, width - 2 - (7 + 2) - (8 + 2) - (checkWidth + 2));
  return renderTable(
    [{ header: 'STATUS' }, { header: 'SEVERITY' }, { header: 'CHECK', max: checkWidth }, { header: 'SUMMARY', max: rest }],
    results.map((r) => [r.status.toUpperCase(), r.severity ?? '', name(r), oneLine(r.status === 'Skipped' && r.skip_reason ? `skipped: ${r.skip_reason}` : summaryText(r))]),
    '  ',
  ).trimEnd();
}

export interface SummaryOptions {
  /** Line width (default 100). */
  width?: number;
  /** Most check lines to list (default 20); the rest are counted. */
  maxLines?: number;
}

/** A one-screen plain-text summary: run facts, counts, score, the non-Success checks. */
export function renderSummary(report: Report, options: SummaryOptions = {}): string {
  const width = options.width ?? 100;
  const maxLines = options.maxLines ?? 20;
  const run = report.run;
  const server = run.server;
  const by = report.summary.by_status;
  const overall = scores(report).overall;
  const where = server.host ? ` on ${server.host}${server.port != null ? `:${server.port}` : ''}` : '';
  const out = [
    clip(`${report.report.header || 'sec_check report'} — PostgreSQL ${server.version}, database ${server.database}${where}`, width),
    clip(
      `run ${run.id ?? '(not stored)'} by ${run.run_by} at ${displayTime(run.started_at)}, ${displayDuration(run.duration_ms)} (${run.origin}/${run.runtime})`,
      width,
    ),
    `checks ${report.summary.total}: ` + STATUSES.map((s) => `${s} ${by[s]}`).join(', '),
    `score ${overall.percent == null ? 'n/a' : `${overall.percent}% (${overall.passed}/${overall.judged} judged checks passed)`}`,
  ];
  const notOk = LISTED.flatMap((s) => report.results.filter((r) => r.status === s));
  if (notOk.length) {
    out.push('', 'not passed:');
    out.push(checkTable(notOk.slice(0, maxLines), width));
    if (notOk.length > maxLines) out.push(`  … and ${notOk.length - maxLines} more (see the HTML/JSON report)`);
  } else {
    out.push('', 'all checks passed.');
  }
  return `${out.join('\n')}\n`;
}
