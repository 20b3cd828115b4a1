// The top of the HTML report as text (the browser test drives it for real): the "fix these
// first" block in priority order with links to the rows, the sortable table header, and the
// history sections (score over time per group, what changed) drawn from given data, every
// string escaped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CheckResult, Report } from '../../src/core/report.ts';
import { summarize } from '../../src/core/report.ts';
import type { Severity, Status } from '../../src/core/vocabulary.ts';
import { renderHtml } from '../../src/render/html.ts';
import { FIX_FIRST_LIMIT } from '../../src/render/html-fix-first.ts';
import type { ReportHistory } from '../../src/render/history.ts';
import { clone, loadFixture } from './helpers.ts';

const IMG = '<img src=x onerror=alert(1)>';

function reportOf(rows: [Status, Severity | null, string?][]): Report {
  const base = loadFixture('sample-en');
  const proto = base.results.find((r) => r.check_id === 'log_connections')!;
  const results: CheckResult[] = rows.map(([status, severity, exposure], i) => ({
    ...clone(proto),
    check_id: `c_${i}`,
    name: `check ${i}`,
    status,
    severity,
    skip_reason: status === 'Skipped' ? 'version' : null,
    executors: exposure ? [{ script: 'q.sql', kind: 'sql', rows: [{ exposure }], error: null }] : [],
    priority: undefined,
  }));
  return { ...base, results, summary: summarize(results) };
}

/** The fix-first block's entries: [priority, name] in page order. */
function fixFirst(html: string): [number, string][] {
  const start = html.indexOf('<section id="fix-first"');
  const block = html.slice(start, html.indexOf('</section>', start));
  return [...block.matchAll(/<span class="prio"[^>]*>(\d+)<\/span>.*?<a href="#check-\d+">([^<]*)<\/a>/g)].map((m) => [Number(m[1]), m[2]]);
}

test('fix these first: actionable results only, highest priority first, ties in report order, remote one step up', () => {
  const html = renderHtml(reportOf([
    ['Warning', 'high'], ['Success', 'critical'], ['Error', 'medium'], ['Info', 'high'], ['Skipped', 'critical'],
    ['Failed', 'critical'], ['Error', 'medium', 'remote'], ['Warning', null], ['Error', 'medium'],
  ]));
  assert.deepEqual(fixFirst(html), [
    [12, 'check 6'], // Error x (medium 3 + remote 1)
    [10, 'check 5'], // Failed x critical
    [9, 'check 2'], [9, 'check 8'], // Error x medium, report order
    [4, 'check 0'], // Warning x high
    [3, 'check 7'], // Warning, no severity = medium
  ]);
  assert.match(html, /<a href="#check-7">check 6<\/a> <span class="grp">[^<]*<\/span> <span class="tag remote">reachable from other hosts<\/span>/);
  // the table starts sorted by priority and every sortable column has its button
  assert.match(html, /<th scope="col" aria-sort="descending"><button type="button" class="sort" data-sort="priority"/);
  for (const key of ['num', 'priority', 'status', 'severity', 'group', 'check']) assert.match(html, new RegExp(`data-sort="${key}"`));
});

test(`fix these first lists ${FIX_FIRST_LIMIT} and counts the rest; nothing to fix says so`, () => {
  const many = renderHtml(reportOf(Array.from({ length: 14 }, () => ['Warning', 'low'] as [Status, Severity])));
  assert.equal(fixFirst(many).length, FIX_FIRST_LIMIT);
  assert.match(many, /4 more result\(s\) need attention/);
  const clean = renderHtml(reportOf([['Success', 'high'], ['Info', 'low'], ['Skipped', 'critical']]));
  assert.deepEqual(fixFirst(clean), []);
  assert.match(clean, /Nothing to fix: no Error, Failed or Warning result outside a waiver\./);
});

test('a hostile check name and summary stay text in the fix-first block', () => {
  const report = reportOf([['Error', 'critical']]);
  report.results[0].name = `name ${IMG}`;
  report.results[0].short_description = `<p>found ${IMG}</p>`;
  const html = renderHtml(report);
  const block = html.slice(html.indexOf('<section id="fix-first"'), html.indexOf('</section>', html.indexOf('<section id="fix-first"')));
  assert.ok(!block.includes('<img'), block);
  assert.ok(block.includes('name &lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(block.includes('found &lt;img src=x onerror=alert(1)&gt;'));
});

const history = (over: Partial<ReportHistory> = {}): ReportHistory => ({
  groups: {
    logging: [{ run_id: 1, finished_at: '2026-11-20T03:00:00Z', score: 50 }, { run_id: 3, finished_at: '2026-11-21T03:00:00Z', score: null },
      { run_id: 5, finished_at: '2026-11-22T03:00:00Z', score: 75 }, { run_id: 7, finished_at: '2026-11-23T03:00:00Z', score: 100 }],
    access: [{ run_id: 7, finished_at: '2026-11-23T03:00:00Z', score: 0 }],
  },
  overall: [{ run_id: 1, finished_at: '2026-11-20T03:00:00Z', score: 40 }, { run_id: 7, finished_at: '2026-11-23T03:00:00Z', score: 60.5 }],
  per: 'run',
  compared: { from: { run_id: 5, finished_at: '2026-11-22T03:00:00.000Z' }, to: { run_id: 7 } },
  changes: [
    { section: 'logging', check_id: 'log_connections', check_name: `log ${IMG}`, severity: 'medium', from_status: 'Success', to_status: 'Warning', change: 'new_finding', priority: 3 },
    { section: 'access', check_id: 'superuser_count', check_name: 'Superuser roles', severity: 'critical', from_status: 'Warning', to_status: 'Error', change: 'regressed', priority: 15 },
    { section: 'logging', check_id: 'log_disconnections', check_name: 'log_disconnections Config', severity: 'low', from_status: 'Warning', to_status: 'Success', change: 'fixed', priority: 0 },
    { section: 'hostfiles', check_id: 'ssl_files', check_name: 'SSL key file', severity: null, from_status: 'Success', to_status: null, change: 'no_longer_checked', priority: 0 },
  ],
  ...over,
});

test('what changed: since which run, highest priority first, counted, hostile names escaped', () => {
  const html = renderHtml(loadFixture('sample-en'), { history: history() });
  const at = html.indexOf('<section id="changes">');
  const section = html.slice(at, html.indexOf('</section>', at));
  assert.match(section, /<h2>What changed since run 5 \(2026-11-22 03:00:00 UTC\)<\/h2>/);
  assert.match(section, /Got worse: 1 · New finding: 1 · Fixed: 1 · No longer checked: 1/);
  const order = [...section.matchAll(/<tr class="ch-(\w+)">/g)].map((m) => m[1]);
  assert.deepEqual(order, ['regressed', 'new_finding', 'fixed', 'no_longer_checked']);
  assert.ok(section.includes('log &lt;img src=x onerror=alert(1)&gt;') && !section.includes('<img'));
  // the sections sit between the summary and the checks
  assert.ok(html.indexOf('id="fix-first"') < html.indexOf('<section id="changes">'));
  assert.ok(html.indexOf('<section id="changes">') < html.indexOf('id="checks-title"'));
});

test('score over time: a line per group with two or more scores, broken where nothing was judged', () => {
  const html = renderHtml(loadFixture('sample-en'), { history: history() });
  const panel = html.slice(html.indexOf('score-panel wide'), html.indexOf('</div>', html.indexOf('score-panel wide')));
  const logging = panel.slice(panel.indexOf('Logging and Audit'), panel.indexOf('</tr>', panel.indexOf('Logging and Audit')));
  // x: 0, 33.33, 66.67, 100; y = 19 - score% of 18; run 3 judged nothing: two segments
  assert.match(logging, /<circle cx="0\.00" cy="10\.00" r="1\.2"\/><polyline points="66\.67,5\.50 100\.00,1\.00"\/>/);
  assert.match(logging, /50% to 100% over 4 runs since 2026-11-20 03:00:00 UTC/);
  const access = panel.slice(panel.indexOf('Access control'), panel.indexOf('</tr>', panel.indexOf('Access control')));
  assert.doesNotMatch(access, /<svg class="spark"/);
  assert.match(access, /not enough runs yet/);
  assert.match(panel, /40% to 60.5% over 2 runs/);
});

test('the history sections say why they are empty', () => {
  const none = renderHtml(loadFixture('sample-en'), { history: history({ compared: null, changes: [] }) });
  assert.match(none, /There is no earlier comparable run to compare with yet\./);
  const same = renderHtml(loadFixture('sample-en'), { history: history({ changes: [] }) });
  assert.match(same, /No verdict changed\./);
  const denied = renderHtml(loadFixture('sample-en'), { history: { groups: {}, overall: [], per: 'run', compared: null, changes: [], unavailable: 'no_access' } });
  assert.match(denied, /may not read sec_check&#39;s history views/);
  assert.doesNotMatch(denied, /score-panel wide/, 'no trend column without data');
  const ru = renderHtml(loadFixture('sample-ru'), { locale: 'ru', history: history() });
  assert.match(ru, /Что изменилось после запуска 5/);
  assert.match(ru, /Исправить в первую очередь/);
  // no history: the page as before, no changes section
  assert.doesNotMatch(renderHtml(loadFixture('sample-en')), /<section id="changes">/);
});

test('a current-state report names its runs and how old its verdicts are, not a run id', () => {
  const report = loadFixture('sample-en');
  report.run.id = null;
  report.run.current_state = { scope: 'postgres', pack: 'Sample audit', as_of: '2026-11-23T10:00:00Z', runs: [3, 7],
    oldest_checked_at: '2026-11-22T03:00:00.123456+00:00', newest_checked_at: '2026-11-23T09:00:00+00:00', hidden: 0 };
  const html = renderHtml(report);
  assert.match(html, /<dt>Current state<\/dt><dd>each check&#39;s latest verdict, from runs 3, 7<\/dd>/);
  assert.match(html, /<dt>Verdicts<\/dt><dd>2026-11-22 03:00:00 UTC to 2026-11-23 09:00:00 UTC<\/dd>/);
  assert.doesNotMatch(html, /<dt>Run id<\/dt>/);
  assert.match(renderHtml(loadFixture('sample-en')), /<dt>Run id<\/dt><dd>12<\/dd>/);
});
