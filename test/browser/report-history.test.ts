// The HTML report of stored runs and of the current state, from a real PostgreSQL 18 (pljs)
// through `sec-check report`, checked against the server's views and then in Debian's
// Chromium: the history (each group's score over time: run_stats.state_scores and the
// score_history view; what changed since the previous comparable run) is the server's, the
// fix-first block agrees with current_score, waived findings are waived in HTML, JSON, SARIF
// and JUnit, a role without read access gets a note instead of a history, and the page sorts.
// Takes the screenshots of the documentation: test-results/report-top.png and
// report-sorted.png, and with SEC_CHECK_DOC_SCREENSHOTS=1 also docs/images/ (commit them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, connArgs, REPO, startPg18WithSecCheck, tempPrefix } from '../integration/support.ts';
import { reportValidator } from '../report/load.ts';

type Row = Record<string, any>;
let pg: Cluster;
let browser: Browser;
const runs: number[] = [];
const PACK = 'PostgreSQL security audit';
const validate = reportValidator();

async function run(groups: string[] | null): Promise<number> {
  const [{ id }] = await pg.query('SELECT max(run_id) AS id FROM sec_check.run($1::text[])', [groups]);
  runs.push(Number(id));
  return Number(id);
}

/** What the server says each group's current score is, right now. */
async function groupScoresNow(): Promise<Record<string, number | null>> {
  const rows = await pg.query(`SELECT section, score FROM sec_check.score_by_group WHERE scope = 'postgres' AND pack = $1`, [PACK]);
  return Object.fromEntries(rows.map((r) => [r.section, r.score == null ? null : Number(r.score)]));
}

const stored: Record<number, Record<string, number | null>> = {};

before(async () => {
  pg = await startPg18WithSecCheck();
  await pg.query(`CREATE ROLE auditor LOGIN; GRANT pg_monitor, pg_read_all_settings TO auditor;
    SELECT sec_check.grant_audit_access('auditor')`);
  // a nightly full run, then someone turns on debug_print_parse and two hourly logging runs
  // see it, then the next full run; each run's per-group state score as the server had it
  await run(null);
  stored[runs[0]] = await groupScoresNow();
  await pg.alterSystem({ debug_print_parse: 'on' }, 'reload');
  for (let i = 0; i < 2; i++) {
    await run(['logging']);
    stored[runs.at(-1)!] = await groupScoresNow();
  }
  await pg.query(`SELECT sec_check.waive('set_user_installed', 'admins log in as themselves </td><img src=x onerror=alert(1)>', now() + interval '90 days')`);
  await run(null);
  stored[runs.at(-1)!] = await groupScoresNow();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  await browser?.close();
  await pg?.stop();
});

test('each run stores every group\'s current-state score; score_history gives them back', async () => {
  const rows = await pg.query('SELECT run_id, section, score FROM sec_check.score_history WHERE run_id = ANY($1::bigint[])', [runs]);
  for (const id of runs) {
    const got = Object.fromEntries(rows.filter((r) => Number(r.run_id) === id).map((r) => [r.section, r.score == null ? null : Number(r.score)]));
    assert.deepEqual(got, stored[id], `run ${id}`);
  }
  // a logging run changes only the logging group's line
  const [full, logging] = [stored[runs[0]], stored[runs[1]]];
  assert.ok(logging.logging! < full.logging!, `debug_print_parse lowers logging: ${full.logging} -> ${logging.logging}`);
  for (const g of Object.keys(full).filter((k) => k !== 'logging')) assert.equal(logging[g], full[g], g);
});

/** The page's history as drawn: trend text per score row, and the changes table. */
function historyOf(html: string): { trends: Record<string, string>; changes: string[][]; title: string } {
  const trends: Record<string, string> = {};
  for (const m of html.matchAll(/<tr(?: class="overall")?><th scope="row">([^<]*)<\/th>.*?<td class="trend-text">([^<]*)<\/td><\/tr>/g)) trends[m[1]] = m[2];
  const at = html.indexOf('<section id="changes">');
  const section = html.slice(at, html.indexOf('</section>', at));
  const changes = [...section.matchAll(/<tr class="ch-(\w+)"><td>[^<]*<\/td><td><strong>[^<]*<\/strong><span class="id">([^<]*)<\/span><\/td><td>[^<]*<\/td><td>(?:<span[^>]*>([^<]*)<\/span>)<\/td><td>(?:<span[^>]*>([^<]*)<\/span>)<\/td>/g)]
    .map((m) => [m[2], m[1], m[3], m[4]]);
  return { trends, changes, title: section.match(/<h2>([^<]*)<\/h2>/)?.[1] ?? '' };
}

test('report --run ID: changes against the previous run of the same groups (drift), trend up to that run', async () => {
  const out = tempPrefix('run');
  const res = await cli(['report', ...connArgs(pg), '--run', String(runs[3]), '--format', 'Html', '--output', out]);
  assert.equal(res.code, 0, res.stderr);
  const page = historyOf(readFileSync(`${out}_web/index.html`, 'utf8'));
  assert.match(page.title, new RegExp(`^What changed since run ${runs[0]} \\(`));
  const drift = await pg.query(`SELECT check_id, change, from_status, to_status FROM sec_check.drift($1, $2) WHERE change <> 'still_failing' ORDER BY check_id`, [runs[0], runs[3]]);
  assert.ok(drift.some((d) => d.check_id === 'debug_print_parse' && d.change === 'new_finding'), JSON.stringify(drift));
  assert.deepEqual(page.changes.map((c) => c[0]).sort(), drift.map((d) => d.check_id).sort());
  assert.deepEqual(page.changes.find((c) => c[0] === 'debug_print_parse'), ['debug_print_parse', 'new_finding', 'Success', 'Warning']);
  // overall: run_summary.state_score of the four runs, oldest first
  const summary = await pg.query('SELECT state_score FROM sec_check.run_summary WHERE run_id = ANY($1::bigint[]) ORDER BY run_id', [runs]);
  const scores = summary.map((s) => Number(s.state_score));
  assert.match(page.trends['All groups'], new RegExp(`^${scores[0]}% to ${scores[3]}% over 4 runs since `));
  assert.match(page.trends['Logging and Audit'], new RegExp(`^${stored[runs[0]].logging}% to ${stored[runs[3]].logging}% over 4 runs`));

  // a logging run is compared with the logging run before it: nothing changed in between
  const res2 = await cli(['report', ...connArgs(pg), '--run', String(runs[2]), '--format', 'Html', '--output', out]);
  assert.equal(res2.code, 0, res2.stderr);
  const html2 = readFileSync(`${out}_web/index.html`, 'utf8');
  assert.match(historyOf(html2).title, new RegExp(`^What changed since run ${runs[1]} `));
  assert.match(html2, /No verdict changed\./);
  assert.match(historyOf(html2).trends['All groups'], /over 3 runs/, 'the trend stops at the run reported');
});

test('the current state: fix-first agrees with current_score, waived everywhere, changes since the full run before the newest', async () => {
  const out = tempPrefix('current');
  const res = await cli(['report', ...connArgs(pg), '--format', 'Json,Html,Sarif,Junit', '--output', out]);
  assert.equal(res.code, 0, res.stderr);
  const html = readFileSync(`${out}_web/index.html`, 'utf8');
  const page = historyOf(html);
  assert.match(page.title, new RegExp(`^What changed since run ${runs[0]} `));
  assert.ok(page.changes.some((c) => c[0] === 'debug_print_parse'), JSON.stringify(page.changes));
  const [score] = await pg.query('SELECT to_fix, top_priority FROM sec_check.current_score WHERE scope = $1 AND pack = $2', ['postgres', PACK]);
  const block = html.slice(html.indexOf('<section id="fix-first"'), html.indexOf('</section>', html.indexOf('<section id="fix-first"')));
  const prios = [...block.matchAll(/<span class="prio"[^>]*>(\d+)<\/span>/g)].map((m) => Number(m[1]));
  const more = Number(block.match(/(\d+) more result/)?.[1] ?? 0);
  assert.equal(prios.length + more, Number(score.to_fix), 'listed + counted = current_score.to_fix');
  assert.equal(prios[0], Number(score.top_priority));
  // the waiver: out of the block, marked in the JSON, suppressed in SARIF, skipped in JUnit
  const json = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  assert.equal(validate(json), true, JSON.stringify(validate.errors));
  const waived = json.results.find((r: Row) => r.check_id === 'set_user_installed');
  assert.equal(waived.status, 'Warning');
  assert.match(waived.waiver.reason, /^admins log in as themselves/);
  assert.doesNotMatch(block, /set_user/);
  const sarif = JSON.parse(readFileSync(`${out}.sarif`, 'utf8'));
  assert.equal(sarif.runs[0].results.find((r: Row) => r.ruleId === 'set_user_installed').suppressions[0].status, 'accepted');
  assert.match(readFileSync(`${out}.junit.xml`, 'utf8'), /<skipped message="waived Warning until [^"]*: admins log in as themselves &lt;\/td&gt;&lt;img/);
  assert.ok(!html.includes('<img src=x'), 'the reason never becomes markup');
  // the server's own view agrees it is waived
  const [state] = await pg.query(`SELECT waived FROM sec_check.current_state WHERE check_id = 'set_user_installed'`);
  assert.equal(state.waived, true);

  // in Chromium: no errors, the fix-first block on top, the table sorts; the screenshots
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const tab = await context.newPage();
  const errors: string[] = [];
  tab.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  tab.on('pageerror', (e) => errors.push(String(e)));
  await tab.goto(`file://${out}_web/index.html`);
  assert.equal(await tab.locator('#fix-first').isVisible(), true);
  const box = await tab.locator('#fix-first').boundingBox();
  assert.ok(box && box.y < 200, 'the block is at the top of the page');
  const results = join(REPO, 'test-results');
  mkdirSync(results, { recursive: true });
  await tab.screenshot({ path: join(results, 'report-top.png') });
  await tab.click('button.sort[data-sort=severity]');
  const severities = await tab.locator('#rows tr.main td.sev').allInnerTexts();
  const rank = ['critical', 'high', 'medium', 'low', 'info', 'none'];
  assert.deepEqual(severities, [...severities].sort((a, b) => rank.indexOf(a) - rank.indexOf(b)));
  assert.equal(await tab.locator('#rows tr.main.is-waived').count(), 1);
  await tab.locator('#checks-title').evaluate((h) => h.scrollIntoView());
  await tab.screenshot({ path: join(results, 'report-sorted.png') });
  assert.deepEqual(errors, []);
  await context.close();
  if (process.env.SEC_CHECK_DOC_SCREENSHOTS === '1') {
    mkdirSync(join(REPO, 'docs/images'), { recursive: true });
    for (const f of ['report-top.png', 'report-sorted.png']) copyFileSync(join(results, f), join(REPO, 'docs/images', f));
  }
});

test('a role that may not read the history views gets the report with a note, not an error', async () => {
  await pg.query(`SELECT sec_check.grant_evidence_access('auditor')`);
  const out = tempPrefix('auditor');
  const res = await cli(['report', ...connArgs(pg, 'auditor'), '--format', 'Html', '--output', out]);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stderr, /note: the HTML report has no history .*sec_check\.grant_read_access/);
  assert.match(res.stderr, /note: waived findings are not marked: this role cannot read sec_check\.active_waivers/);
  const html = readFileSync(`${out}_web/index.html`, 'utf8');
  assert.match(html, /The history is not shown: the role that wrote this report may not read/);
  assert.match(html, /<section id="fix-first"/);
});
