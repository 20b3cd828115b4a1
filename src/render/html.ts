// HTML renderer: one self-contained page (inline CSS + JS, no network, works from file://).
// Pure function of the report object; no Node APIs, so it can run inside the database too.
//
// Security model (everything in the report is untrusted):
//  - static parts (summary, filter options) are written with escapeHtml;
//  - the check rows are built in the browser from a JSON data block (escaped by
//    jsonForScript) with createElement/textContent; descriptions travel as a pre-tokenized
//    allowlist tree (rich-text.ts), never as HTML strings;
//  - the page shell (page.ts) sets a CSP that allows only this page's own style and script
//    (by SHA-256 hash) and data: images; no connections, frames, forms or base URI.
//
// The page is a list of sections (see `sections` in renderHtml): fix these first, the summary,
// what changed, the checks table, then the optional ones (sensitive access, PII). A new
// section is one more entry there.
import type { CheckResult, Report } from '../core/report.ts';
import { STATUSES } from '../core/report.ts';
import { SEVERITIES } from '../core/vocabulary.ts';
import { escapeHtml as h } from './escape.ts';
import { displayDuration, displayTime } from './format.ts';
import { REPORT_JS } from './html-client.ts';
import { parseRich, type RichNode } from './rich-text.ts';
import { effectivePriority, renderFixFirst, rowId } from './html-fix-first.ts';
import { renderChanges, sparkline, trendText, type ReportHistory, type ScorePoint } from './history.ts';
import { exposureOf, resultPriority } from '../core/priority.ts';
import { renderSensitiveAccessSection, type SensitiveAccessSection } from './sensitive-access.ts';
import { scores, type Score } from './score.ts';
import { sectionHeaders, str } from './shared.ts';
import { renderPage } from './page.ts';
import type { PiiScanDocument } from '../core/pii/scan.ts';
import { renderPiiSection } from './pii-section.ts';
import { renderComplianceSection, renderSignatureNote } from './compliance-section.ts';
import { fill, resolveLocale, uiStrings, type UiStrings } from './ui-strings.ts';

export interface HtmlOptions {
  /** Overrides report.run.locale (en, ru; anything else falls back to en). */
  locale?: string;
  /** The optional "Sensitive access (last N days)" section (sec-check report --sensitive-access-days). */
  sensitiveAccess?: SensitiveAccessSection;
  /** A PII scan of the same database (sec-check report --pii): adds the PII section. */
  pii?: PiiScanDocument;
  /** A stored run or the current state: the groups' scores over time and what changed since
   *  the previous comparable run, from the server's views (sec-check report). */
  history?: ReportHistory;
}

/** Row data for the client script. Rich fields are token trees, not HTML. */
interface ClientRow {
  section: string;
  section_header: string;
  check_id: string | null;
  name: string;
  description: string;
  severity: string | null;
  cis: string | null;
  status: string;
  skip_reason: string | null;
  short: RichNode[];
  full: RichNode[];
  rec: RichNode[];
  executors: unknown[];
  duration_ms: number | null;
  /** the row's id (rowId), what the fix-first links point at */
  id: string;
  /** priority shown; `sort` is what the priority column sorts by (0 while waived) */
  priority: number;
  sort: number;
  remote: boolean;
  waiver: { reason: string; expires_at: string } | null;
}

function clientRow(r: CheckResult, index: number, headers: Map<string, string>): ClientRow {
  return {
    id: rowId(index),
    priority: r.priority ?? resultPriority(r),
    sort: effectivePriority(r),
    remote: exposureOf(r.executors) === 'remote',
    waiver: r.waiver ? { reason: r.waiver.reason, expires_at: displayTime(r.waiver.expires_at) } : null,
    section: r.section,
    section_header: headers.get(r.section) ?? r.section,
    check_id: r.check_id,
    name: r.name,
    description: r.description,
    severity: r.severity,
    cis: r.cis,
    status: r.status,
    skip_reason: r.skip_reason,
    short: parseRich(r.short_description),
    full: parseRich(r.full_description),
    rec: parseRich(r.recommendation),
    executors: r.executors,
    duration_ms: r.duration_ms,
  };
}

function fact(label: string, value: string): string {
  return `<dt>${h(label)}</dt><dd>${h(value)}</dd>`;
}

function factsPanel(report: Report, ui: UiStrings): string {
  const run = report.run;
  const server = run.server;
  const origin = run.origin === 'database' ? ui.origin_database : ui.origin_agent;
  const host = server.host == null ? '' : server.port == null ? server.host : `${server.host}:${server.port}`;
  // a current-state report spans runs: say which, and how old its verdicts are
  const state = run.current_state;
  const when = state
    ? [
        fact(ui.current_state, fill(ui.current_state_runs, { runs: state.runs.join(', ') })),
        fact(ui.verdicts_from, fill(ui.verdicts_between, { oldest: displayTime(state.oldest_checked_at ?? ''), newest: displayTime(state.newest_checked_at ?? '') })),
      ]
    : [fact(ui.started, displayTime(run.started_at)), fact(ui.duration, displayDuration(run.duration_ms))];
  const rows = [
    fact(ui.server_version, `PostgreSQL ${server.version}`),
    fact(ui.database, server.database),
    host ? fact(ui.host, host) : '',
    ...when,
    fact(ui.run_by, run.run_by),
    fact(ui.origin, `${origin} / ${run.runtime}`),
    state ? '' : fact(ui.run_id, run.id == null ? ui.run_not_stored : str(run.id)),
    fact(ui.groups, run.groups ? run.groups.join(', ') : ui.all_groups),
    fact(ui.tool, `${report.tool.name} ${report.tool.version}`),
  ];
  return `<div class="panel"><h3>${h(ui.run)}</h3><dl class="facts">${rows.join('')}</dl></div>`;
}

function countsPanel(report: Report, ui: UiStrings): string {
  const by = report.summary.by_status;
  const items = STATUSES.map(
    (s) =>
      `<li class="count-${s}"><span class="n">${h(by[s])}</span><span class="badge st-${s}">${h(ui[`status_${s}`])}</span></li>`,
  );
  items.unshift(`<li class="count-total"><span class="n">${h(report.summary.total)}</span>${h(ui.total)}</li>`);
  const waived = report.results.filter((r) => r.waiver).length;
  if (waived) items.push(`<li class="count-waived"><span class="n">${h(waived)}</span><span class="badge waived">${h(ui.waived)}</span></li>`);
  return `<div class="panel"><h3>${h(ui.counts)}</h3><ul class="counts">${items.join('')}</ul></div>`;
}

function scoreRow(s: Score, label: string, ui: UiStrings, cls = '', trend?: readonly ScorePoint[], per: ReportHistory['per'] = 'run'): string {
  const pct = s.percent;
  const width = pct == null ? 0 : pct;
  const tone = pct == null ? '' : pct >= 80 ? '' : pct >= 50 ? ' mid' : ' low';
  // The bar is an SVG rect width, not an inline style: the CSP forbids style attributes.
  const bar =
    `<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">` +
    `<rect class="track" width="100" height="10" rx="2"/><rect class="fill${tone}" width="${width}" height="10" rx="2"/></svg>`;
  const text = pct == null ? ui.score_none : `${pct}% (${s.passed}/${s.judged})`;
  const said = trend === undefined ? '' : trendText(trend, per, ui);
  const trendCell = trend === undefined ? ''
    : `<td class="trend">${sparkline(trend, `${label}: ${said}`)}</td><td class="trend-text">${h(said || ui.trend_none)}</td>`;
  return `<tr${cls ? ` class="${cls}"` : ''}><th scope="row">${h(label)}</th><td>${bar}</td><td class="pct">${h(text)}</td>${trendCell}</tr>`;
}

function scorePanel(report: Report, ui: UiStrings, history?: ReportHistory): string {
  const { groups, overall } = scores(report);
  // with a history: a fourth column, each group's score over the runs (empty until two runs)
  const trends = history && !history.unavailable;
  const rows = groups.map((g) => scoreRow(g, g.header, ui, '', trends ? history.groups[g.key] ?? [] : undefined, history?.per));
  rows.push(scoreRow(overall, ui.score_overall, ui, 'overall', trends ? history.overall : undefined, history?.per));
  const head = trends
    ? `<thead><tr><th></th><th scope="col">${h(ui.score_now)}</th><th></th><th scope="col" colspan="2">${h(ui.score_trend)}</th></tr></thead>`
    : '';
  const trendNote = trends ? `<p class="note">${h(ui.score_trend_note)}</p>` : '';
  return (
    `<div class="panel score-panel${trends ? ' wide' : ''}"><h3>${h(ui.score)}</h3><table class="scores">${head}<tbody>${rows.join('')}</tbody></table>` +
    `<p class="note">${h(ui.score_note)}</p>${trendNote}</div>`
  );
}

function filters(report: Report, ui: UiStrings, headers: Map<string, string>): string {
  const by = report.summary.by_status;
  const boxes = STATUSES.map(
    (s) =>
      `<label><input type="checkbox" name="f-status" value="${s}" checked> ${h(ui[`status_${s}`])} (${h(by[s])})</label>`,
  ).join('');
  const groupOpts = [...headers].map(([k, v]) => `<option value="${h(k)}">${h(v)}</option>`).join('');
  const sevOpts = [...SEVERITIES, 'none']
    .map((s) => `<option value="${s}">${h(ui[`severity_${s}` as keyof UiStrings])}</option>`)
    .join('');
  const waived = report.results.filter((r) => r.waiver).length;
  const waivedBox = waived
    ? `<label><input type="checkbox" id="f-waived" checked> ${h(ui.show_waived)} (${h(waived)})</label>`
    : '';
  return (
    `<div class="filters">` +
    `<fieldset><legend>${h(ui.filter_status)}</legend>${boxes}${waivedBox}</fieldset>` +
    `<label class="field"><span>${h(ui.filter_group)}</span><select id="f-group"><option value="">${h(ui.any)}</option>${groupOpts}</select></label>` +
    `<label class="field"><span>${h(ui.filter_severity)}</span><select id="f-severity"><option value="">${h(ui.any)}</option>${sevOpts}</select></label>` +
    `<label class="field"><span>${h(ui.search)}</span><input type="search" id="f-search" placeholder="${h(ui.search_placeholder)}" autocomplete="off"></label>` +
    `<div class="field"><span>&nbsp;</span><div><button type="button" id="expand-all">${h(ui.expand_all)}</button> ` +
    `<button type="button" id="collapse-all">${h(ui.collapse_all)}</button></div></div>` +
    `</div>`
  );
}

/** The table's columns: class, heading and, for sortable ones, the sort key the page script
 *  knows (html-client.ts). The rows start sorted by priority, highest first. */
const COLUMNS: { col: string; label: (ui: UiStrings) => string; sort?: string }[] = [
  { col: 'c-num', label: () => '#', sort: 'num' },
  { col: 'c-prio', label: (ui) => ui.col_priority, sort: 'priority' },
  { col: 'c-st', label: (ui) => ui.col_status, sort: 'status' },
  { col: 'c-sev', label: (ui) => ui.col_severity, sort: 'severity' },
  { col: 'c-grp', label: (ui) => ui.col_group, sort: 'group' },
  { col: 'c-chk', label: (ui) => ui.col_check, sort: 'check' },
  { col: 'c-sum', label: (ui) => ui.col_summary },
  { col: 'c-btn', label: () => '' },
];

function checksTable(ui: UiStrings, total: number): string {
  const cols = COLUMNS.map((c) => `<col class="${c.col}">`).join('');
  const heads = COLUMNS.map((c) =>
    c.sort
      ? `<th scope="col"${c.sort === 'priority' ? ' aria-sort="descending"' : ''}><button type="button" class="sort" data-sort="${c.sort}" title="${h(ui.sort_by)}">${h(c.label(ui))}</button></th>`
      : `<th scope="col">${h(c.label(ui))}</th>`,
  ).join('');
  return (
    `<p id="shown">${h(fill(ui.shown_of, { shown: total, total }))}</p>` +
    `<noscript><p class="panel">${h(ui.noscript)}</p></noscript>` +
    `<table class="checks" id="checks"><colgroup>${cols}</colgroup><thead><tr>${heads}</tr></thead><tbody id="rows"></tbody></table>`
  );
}

/** Renders the report as one self-contained HTML page. */
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const locale = resolveLocale(options.locale ?? report.run.locale);
  const ui = uiStrings(locale);
  const headers = sectionHeaders(report);
  const results = report.results;

  const header = report.report.header || ui.title;
  const title = `${header} — ${report.run.server.database} — ${displayTime(report.run.started_at)}`;
  const data = { ui, rows: results.map((r, i) => clientRow(r, i, headers)) };
  const sub = [report.report.report_name, report.report.description].filter(Boolean).join(' — ');

  // The page's sections in order; each is complete HTML (escaped) or '' when it does not apply.
  const sections = [
    renderFixFirst(results, headers, ui),
    `<h2>${h(ui.summary)}</h2>\n<div class="grid">${factsPanel(report, ui)}${countsPanel(report, ui)}${scorePanel(report, ui, options.history)}</div>\n`,
    options.history ? renderChanges(options.history, ui, headers) : '',
    report.signature ? renderSignatureNote(report.signature, locale) : '',
    report.compliance?.length ? renderComplianceSection(report.compliance, locale) : '',
    `<h2 id="checks-title">${h(ui.checks)}</h2>\n${filters(report, ui, headers)}\n${checksTable(ui, results.length)}\n`,
    options.sensitiveAccess ? renderSensitiveAccessSection(options.sensitiveAccess, locale) : '',
    options.pii ? renderPiiSection(options.pii, locale) : '',
  ];

  return renderPage({
    body: sections.join(''),
    locale,
    title,
    heading: header,
    sub: sub || undefined,
    generator: `${report.tool.name} ${report.tool.version}`,
    footer: `${h(ui.generated_by)} ${h(report.tool.name)} ${h(report.tool.version)}` +
      `${report.tool.build_id ? ` (${h(report.tool.build_id)})` : ''} · ${h(ui.report_format)} ${h(report.format_version)}`,
    client: { data, script: REPORT_JS },
  });
}
