// The HTML page as text (the browser test drives it for real), the console summary and
// the --fail-on exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from '../../src/render/html.ts';
import { parseRich, richToHtml } from '../../src/render/rich-text.ts';
import { exitCodeFor, parseFailOn, renderSummary } from '../../src/render/summary.ts';
import type { Report, Status } from '../../src/core/report.ts';
import { sample } from './load.ts';

test('the page is self-contained: no external URL, a restrictive CSP, the data as inert JSON', () => {
  const html = renderHtml(sample());
  assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
  assert.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;|Content-Security-Policy" content="default-src 'none'/);
  assert.match(html, /<script type="application\/json" id="report-data">/);
  // Hostile strings from the report never appear as markup.
  assert.doesNotMatch(html, /<img src=x onerror/i);
  assert.equal(html.match(/<script/g)?.length, 2, 'only the data block and the page script');
  assert.doesNotMatch(html.split('id="report-data">')[1].split('</script>')[0], /[<>]/, 'the JSON block escapes < and >');
});

test('rich text keeps the allowlisted tags; anything else, or any attribute, stays text', () => {
  const out = richToHtml(parseRich('<p>Use <code>scram-sha-256</code></p><img src=x onerror=alert(1)><script>alert(1)</script><b>ok</b><ul><li>a</li></ul>'));
  assert.match(out, /^<p>Use <code>scram-sha-256<\/code><\/p>/);
  assert.match(out, /<b>ok<\/b><ul><li>a<\/li><\/ul>$/);
  assert.doesNotMatch(out, /<img|<script/);
  assert.match(out, /&lt;img src=x onerror=alert\(1\)&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  const attrs = richToHtml(parseRich('<p class="x" onclick="evil()">hi</p>'));
  assert.doesNotMatch(attrs, /<p[^>]*onclick/);
  assert.match(attrs, /&lt;p class=&quot;x&quot; onclick=&quot;evil\(\)&quot;&gt;hi/);
});

test('ru locale localizes the page chrome', () => {
  const html = renderHtml(sample('ru'));
  assert.match(html, /<html lang="ru">/);
  assert.match(html, /[А-Яа-яЁё]{4,}/);
});

test('console summary: counts and the checks that did not pass', () => {
  const report = sample();
  const text = renderSummary(report);
  assert.match(text, new RegExp(`${report.summary.total}`));
  for (const r of report.results.filter((x) => x.status === 'Error')) assert.ok(text.includes(r.check_id ?? r.name), r.name);
  assert.ok(text.split('\n').length <= 40, 'fits on one screen');
});

function withStatuses(statuses: Status[]): Report {
  const r = sample();
  r.results = statuses.map((status, i) => ({ ...r.results[0], name: `c${i}`, status }));
  r.summary.by_status = { Success: 0, Info: 0, Warning: 0, Error: 0, Failed: 0, Skipped: 0 };
  for (const s of statuses) r.summary.by_status[s]++;
  r.summary.total = statuses.length;
  return r;
}

test('--fail-on thresholds: Error > Failed > Warning > Info; never', () => {
  const cases: [Status[], string, 0 | 1][] = [
    [['Success', 'Info'], 'Error', 0],
    [['Success', 'Error'], 'Error', 1],
    [['Warning', 'Failed'], 'Error', 0],
    [['Failed'], 'Failed', 1],
    [['Warning'], 'Failed', 0],
    [['Warning'], 'Warning', 1],
    [['Info', 'Skipped'], 'Warning', 0],
    [['Info'], 'Info', 1],
    [['Skipped'], 'Info', 0],
    [['Error', 'Failed'], 'never', 0],
  ];
  for (const [statuses, failOn, code] of cases) {
    assert.equal(exitCodeFor(withStatuses(statuses), parseFailOn(failOn)), code, `${statuses} --fail-on ${failOn}`);
  }
  assert.equal(parseFailOn('warning'), 'Warning');
  assert.throws(() => parseFailOn('sometimes'), /sometimes/);
});
