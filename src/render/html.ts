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
import type { CheckResult, Report } from '../core/report.ts';
import { STATUSES } from '../core/report.ts';
import { SEVERITIES } from '../core/vocabulary.ts';
import { escapeHtml as h } from './escape.ts';
import { displayDuration, displayTime } from './format.ts';
import { REPORT_JS } from './html-client.ts';
import { parseRich, type RichNode } from './rich-text.ts';
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
}

function clientRow(r: CheckResult, headers: Map<string, string>): ClientRow {
  return {
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
  const rows = [
    fact(ui.server_version, `PostgreSQL ${server.version}`),
    fact(ui.database, server.database),
    host ? fact(ui.host, host) : '',
    fact(ui.started, displayTime(run.started_at)),
    fact(ui.duration, displayDuration(run.duration_ms)),
    fact(ui.run_by, run.run_by),
    fact(ui.origin, `${origin} / ${run.runtime}`),
    fact(ui.run_id, run.id == null ? ui.run_not_stored : str(run.id)),
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
  return `<div class="panel"><h3>${h(ui.counts)}</h3><ul class="counts">${items.join('')}</ul></div>`;
}

function scoreRow(s: Score, label: string, ui: UiStrings, cls = ''): string {
  const pct = s.percent;
  const width = pct == null ? 0 : pct;
  const tone = pct == null ? '' : pct >= 80 ? '' : pct >= 50 ? ' mid' : ' low';
  // The bar is an SVG rect width, not an inline style: the CSP forbids style attributes.
  const bar =
    `<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">` +
    `<rect class="track" width="100" height="10" rx="2"/><rect class="fill${tone}" width="${width}" height="10" rx="2"/></svg>`;
  const text = pct == null ? ui.score_none : `${pct}% (${s.passed}/${s.judged})`;
  return `<tr${cls ? ` class="${cls}"` : ''}><th scope="row">${h(label)}</th><td>${bar}</td><td class="pct">${h(text)}</td></tr>`;
}

function scorePanel(report: Report, ui: UiStrings): string {
  const { groups, overall } = scores(report);
  const rows = groups.map((g) => scoreRow(g, g.header, ui));
  rows.push(scoreRow(overall, ui.score_overall, ui, 'overall'));
  return (
    `<div class="panel score-panel"><h3>${h(ui.score)}</h3><table class="scores">${rows.join('')}</table>` +
    `<p class="note">${h(ui.score_note)}</p></div>`
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
  return (
    `<div class="filters">` +
    `<fieldset><legend>${h(ui.filter_status)}</legend>${boxes}</fieldset>` +
    `<label class="field"><span>${h(ui.filter_group)}</span><select id="f-group"><option value="">${h(ui.any)}</option>${groupOpts}</select></label>` +
    `<label class="field"><span>${h(ui.filter_severity)}</span><select id="f-severity"><option value="">${h(ui.any)}</option>${sevOpts}</select></label>` +
    `<label class="field"><span>${h(ui.search)}</span><input type="search" id="f-search" placeholder="${h(ui.search_placeholder)}" autocomplete="off"></label>` +
    `<div class="field"><span>&nbsp;</span><div><button type="button" id="expand-all">${h(ui.expand_all)}</button> ` +
    `<button type="button" id="collapse-all">${h(ui.collapse_all)}</button></div></div>` +
    `</div>`
  );
}

function checksTable(ui: UiStrings, total: number): string {
  const cols = ['c-num', 'c-st', 'c-sev', 'c-grp', 'c-chk', 'c-sum', 'c-btn'].map((c) => `<col class="${c}">`).join('');
  const heads = ['#', ui.col_status, ui.col_severity, ui.col_group, ui.col_check, ui.col_summary, '']
    .map((t) => `<th scope="col">${h(t)}</th>`)
    .join('');
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
  const data = { ui, rows: results.map((r) => clientRow(r, headers)) };
  const sub = [report.report.report_name, report.report.description].filter(Boolean).join(' — ');

  return renderPage({
    locale,
    title,
    heading: header,
    sub: sub || undefined,
    generator: `${report.tool.name} ${report.tool.version}`,
    body:
      `<h2>${h(ui.summary)}</h2>\n<div class="grid">${factsPanel(report, ui)}${countsPanel(report, ui)}${scorePanel(report, ui)}</div>\n` +
      (report.signature ? renderSignatureNote(report.signature, locale) : '') +
      (report.compliance?.length ? renderComplianceSection(report.compliance, locale) : '') +
      `<h2>${h(ui.checks)}</h2>\n${filters(report, ui, headers)}\n${checksTable(ui, results.length)}\n` +
      (options.sensitiveAccess ? renderSensitiveAccessSection(options.sensitiveAccess, locale) : '') +
      (options.pii ? renderPiiSection(options.pii, locale) : ''),
    footer: `${h(ui.generated_by)} ${h(report.tool.name)} ${h(report.tool.version)}` +
      `${report.tool.build_id ? ` (${h(report.tool.build_id)})` : ''} · ${h(ui.report_format)} ${h(report.format_version)}`,
    client: { data, script: REPORT_JS },
  });
}
