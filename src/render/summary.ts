// Console summary (one screen) and the exit code policy of `sec-check --fail-on`.
//
// --fail-on threshold, from most to least serious: Error > Failed > Warning > Info.
// Failed ranks above Warning because a check that could not be evaluated may hide an
// Error; it ranks below Error because nothing was actually found. Skipped never fails a run
// (it is an explicit "not evaluated here", e.g. a version gate). 'never' always gives 0.
// A gate must not pass what it could not check: --fail-on-unverified (default high) also
// fails the run when a check of that severity or above is Failed (could not verify),
// whatever --fail-on says, except --fail-on never (which turns both off unless
// --fail-on-unverified is given). A check without a severity counts as medium, as in the
// priority model (src/core/priority.ts).
// Exit codes: 0 = nothing at or above the thresholds, 1 = something was; 2 is reserved for
// usage/config/connection errors and is produced by the CLI main, not here.
import type { CheckResult, Report } from '../core/report.ts';
import { STATUSES } from '../core/report.ts';
import { byPriority, exposureOf, isActionable, resultPriority } from '../core/priority.ts';
import { SEVERITIES, type Severity } from '../core/vocabulary.ts';
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

/** A severity: Failed (could not verify) results at or above it fail the run; never: none do. */
export type FailUnverified = Severity | 'never';

/** Parses a --fail-on-unverified value case-insensitively; throws naming the bad value. */
export function parseFailUnverified(value: string): FailUnverified {
  const v = String(value).trim().toLowerCase();
  const hit = ([...SEVERITIES, 'never'] as FailUnverified[]).find((f) => f === v);
  if (!hit) throw new Error(`invalid --fail-on-unverified value "${value}": expected one of ${SEVERITIES.join(', ')}, never`);
  return hit;
}

/** The default of --fail-on-unverified: high, or never with --fail-on never. */
export const defaultFailUnverified = (failOn: FailOn): FailUnverified => (failOn === 'never' ? 'never' : 'high');

/** Failed results at or above the severity (none for 'never'); no severity counts as medium. */
export function unverifiedAtOrAbove(report: Report, limit: FailUnverified): CheckResult[] {
  if (limit === 'never') return [];
  const rank = (s: Severity | null) => SEVERITIES.indexOf(s ?? 'medium');
  return report.results.filter((r) => r.status === 'Failed' && rank(r.severity) <= SEVERITIES.indexOf(limit));
}

/** 1 when any result has a status at or above `failOn` in the order above, or a check at
 *  or above `unverified` could not be verified; else 0. */
export function exitCodeFor(report: Report, failOn: FailOn, unverified: FailUnverified = defaultFailUnverified(failOn)): 0 | 1 {
  if (unverifiedAtOrAbove(report, unverified).length > 0) return 1;
  if (failOn === 'never') return 0;
  const limit = FAIL_ON_ORDER.indexOf(failOn);
  if (limit < 0) throw new Error(`invalid failOn: ${String(failOn)}`);
  const failing = new Set<string>(FAIL_ON_ORDER.slice(0, limit + 1));
  return report.results.some((r) => failing.has(r.status)) ? 1 : 0;
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function clip(text: string, width: number): string {
  // Check output is untrusted: control characters (ANSI escapes) must not reach a terminal.
  const s = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return s.length > width ? `${s.slice(0, width - 1)}…` : s;
}

/** The actionable checks, highest priority first, as a table (the CLI's one table renderer), every line within `width`. */
function checkTable(results: CheckResult[], width: number): string {
  const name = (r: CheckResult) => `${r.section}/${r.check_id ?? r.name}${exposureOf(r.executors) === 'remote' ? ' remote' : ''}`;
  const checkWidth = Math.min(40, Math.max(5, ...results.map((r) => name(r).length)));
  // indent 2, PRIORITY 8, STATUS 7, SEVERITY 8, CHECK, and two spaces between columns
  const rest = Math.max(20, width - 2 - (8 + 2) - (7 + 2) - (8 + 2) - (checkWidth + 2));
  return renderTable(
    [{ header: 'PRIORITY' }, { header: 'STATUS' }, { header: 'SEVERITY' }, { header: 'CHECK', max: checkWidth }, { header: 'SUMMARY', max: rest }],
    results.map((r) => [String(r.priority ?? resultPriority(r)), r.status.toUpperCase(), r.severity ?? '', name(r), oneLine(r.status === 'Skipped' && r.skip_reason ? `skipped: ${r.skip_reason}` : summaryText(r))]),
    '  ',
  ).trimEnd();
}

export interface SummaryOptions {
  /** Line width (default 100). */
  width?: number;
  /** Most check lines to list (default 20); the rest are counted. */
  maxLines?: number;
}

/** A one-screen plain-text summary: run facts, counts, score, then what to fix first: the
 *  actionable results (Error, Failed, Warning) by priority, highest first. Info and Skipped
 *  are only counted (the reports list them). */
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
  const actionable = report.results.filter(isActionable).sort(byPriority);
  if (actionable.length) {
    out.push('', 'fix first (highest priority first):');
    out.push(checkTable(actionable.slice(0, maxLines), width));
    if (actionable.length > maxLines) out.push(`  … and ${actionable.length - maxLines} more (see the HTML/JSON report)`);
  } else {
    out.push('', 'nothing to fix: no Error, Failed or Warning.');
  }
  const notJudged = by.Info + by.Skipped;
  if (notJudged) out.push(`(${by.Info} Info and ${by.Skipped} Skipped results are in the report, not listed here)`);
  return `${out.join('\n')}\n`;
}
