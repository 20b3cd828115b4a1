// The history part of the HTML report of a stored run or of the current state: each group's
// score over time and what changed since the previous comparable run. The numbers come from
// the server's views (score_history, run_summary.state_score, drift(), state_changes; read by
// src/session/report-history.ts); this file only draws them. Everything is escaped here.
import type { Severity, Status } from '../core/vocabulary.ts';
import { STATUSES } from '../core/vocabulary.ts';
import { escapeHtml as h } from './escape.ts';
import { displayTime } from './format.ts';
import { fill, type UiStrings } from './ui-strings.ts';

/** One run's score (the current-state score once the run was stored); null: nothing judged. */
export interface ScorePoint {
  run_id: number;
  finished_at: string;
  score: number | null;
}

/** One check whose verdict changed (the words of sec_check.drift and state_changes). */
export interface VerdictChange {
  section: string;
  check_id: string | null;
  check_name: string;
  severity: Severity | null;
  from_status: Status | null;
  to_status: Status | null;
  change: 'new_finding' | 'fixed' | 'regressed' | 'improved' | 'no_longer_checked';
  priority: number;
}

export interface ReportHistory {
  /** Per group (section key): its scores, oldest first. */
  groups: Record<string, ScorePoint[]>;
  /** All groups together (run_summary.state_score), oldest first. */
  overall: ScorePoint[];
  /** One point per stored run, or per day (the day's last run) when there are many runs. */
  per: 'run' | 'day';
  /** The run the changes are counted from (the previous comparable run), or null when there
   *  is none yet; `to` is the run compared (null: the current state). */
  compared: { from: { run_id: number; finished_at: string }; to: { run_id: number } | null } | null;
  changes: VerdictChange[];
  /** Set when the history could not be read: the role may not read the views
   *  (sec_check.grant_read_access), or the extension predates them. Everything else is empty. */
  unavailable?: 'no_access' | 'old_extension';
}

const CHANGE_ORDER: VerdictChange['change'][] = ['regressed', 'new_finding', 'improved', 'fixed', 'no_longer_checked'];

/** The scores a trend line draws: at least two points with a score. */
const drawable = (points: readonly ScorePoint[]): boolean => points.filter((p) => p.score != null).length >= 2;

/**
 * A small line of the scores (0–100 % bottom to top), oldest left. A run where nothing was
 * judged breaks the line. SVG attributes only: the page's CSP forbids style attributes.
 */
export function sparkline(points: readonly ScorePoint[], label: string): string {
  if (!drawable(points)) return '';
  const n = points.length;
  const x = (i: number) => (n === 1 ? 50 : (i / (n - 1)) * 100);
  const y = (s: number) => 19 - (Math.max(0, Math.min(100, s)) / 100) * 18;
  const segments: string[] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    if (p.score == null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
      return;
    }
    current.push(`${x(i).toFixed(2)},${y(p.score).toFixed(2)}`);
  });
  if (current.length) segments.push(current.join(' '));
  const lines = segments.map((pts) => (pts.includes(' ') ? `<polyline points="${pts}"/>` : `<circle cx="${pts.split(',')[0]}" cy="${pts.split(',')[1]}" r="1.2"/>`));
  return (
    `<svg class="spark" viewBox="0 0 100 20" preserveAspectRatio="none" role="img" aria-label="${h(label)}">` +
    `<title>${h(label)}</title><line class="axis" x1="0" y1="19" x2="100" y2="19"/>${lines.join('')}</svg>`
  );
}

/** "72% to 80.5% over 12 runs since …" for a trend, or '' when there is no line to draw. */
export function trendText(points: readonly ScorePoint[], per: ReportHistory['per'], ui: UiStrings): string {
  if (!drawable(points)) return '';
  const scored = points.filter((p) => p.score != null);
  return fill(per === 'day' ? ui.trend_text_days : ui.trend_text, { from: scored[0].score!, to: scored[scored.length - 1].score!, runs: points.length,
    since: displayTime(points[0].finished_at) });
}

function statusBadge(s: Status | null, ui: UiStrings): string {
  if (s == null) return `<span class="none">${h(ui.change_none)}</span>`;
  const known = (STATUSES as readonly string[]).includes(s);
  return `<span class="badge ${known ? `st-${s}` : 'st-unknown'}">${h(known ? ui[`status_${s}`] : s)}</span>`;
}

/** The "what changed" section: the changes against the previous comparable run. */
export function renderChanges(history: ReportHistory, ui: UiStrings, headers: Map<string, string>): string {
  const title = history.compared
    ? fill(ui.changes_since, { run: history.compared.from.run_id, at: displayTime(history.compared.from.finished_at) })
    : ui.changes;
  let body: string;
  if (history.unavailable) {
    body = `<p class="note">${h(ui[`history_${history.unavailable}`])}</p>`;
  } else if (!history.compared) {
    body = `<p class="note">${h(ui.changes_no_previous)}</p>`;
  } else if (!history.changes.length) {
    body = `<p>${h(ui.changes_nothing)}</p>`;
  } else {
    const rows = [...history.changes]
      .sort((a, b) => b.priority - a.priority || CHANGE_ORDER.indexOf(a.change) - CHANGE_ORDER.indexOf(b.change)
        || (a.check_id ?? a.check_name).localeCompare(b.check_id ?? b.check_name))
      .map((c) =>
        `<tr class="ch-${h(c.change)}"><td>${h(ui[`change_${c.change}`] ?? c.change)}</td>` +
        `<td><strong>${h(c.check_name)}</strong>${c.check_id ? `<span class="id">${h(c.check_id)}</span>` : ''}</td>` +
        `<td>${h(headers.get(c.section) ?? c.section)}</td><td>${statusBadge(c.from_status, ui)}</td>` +
        `<td>${statusBadge(c.to_status, ui)}</td><td class="num">${c.priority > 0 ? h(c.priority) : '–'}</td></tr>`)
      .join('');
    const counts = CHANGE_ORDER.map((k) => [k, history.changes.filter((c) => c.change === k).length] as const)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${h(ui[`change_${k}`])}: ${n}`)
      .join(' · ');
    body =
      `<p>${counts}</p><table class="list changes"><thead><tr><th scope="col">${h(ui.change_col)}</th>` +
      `<th scope="col">${h(ui.col_check)}</th><th scope="col">${h(ui.col_group)}</th><th scope="col">${h(ui.change_from)}</th>` +
      `<th scope="col">${h(ui.change_to)}</th><th scope="col">${h(ui.col_priority)}</th></tr></thead><tbody>${rows}</tbody></table>`;
  }
  return `<section id="changes"><h2>${h(title)}</h2>${body}</section>\n`;
}
