// HTML safety without a browser: escaping helpers, the rich-text allowlist tokenizer, and
// the rendered page's structure (CSP hashes, one data block, no markup from the report).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { escapeHtml, escapeXml, jsonForScript } from '../../src/render/escape.ts';
import { renderHtml } from '../../src/render/html.ts';
import { parseRich, richToHtml, richToPlain } from '../../src/render/rich-text.ts';
import { clone, loadFixture } from './helpers.ts';

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(1)</script>';

test('escapeHtml escapes the five markup characters', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  assert.equal(escapeHtml(null), '');
});

test('escapeXml drops characters XML cannot carry', () => {
  assert.equal(escapeXml('a\u0000b\u001bc\ud800d\uffffe'), 'a\ufffdb\ufffdc\ufffdd\ufffde');
  assert.equal(escapeXml('😀'), '😀', 'a valid surrogate pair survives');
});

test('jsonForScript: no </script>, <!--, U+2028/2029; round-trips', () => {
  const value = { a: '</script><script>alert(1)</script>', b: '<!-- x -->', c: 'line\u2028sep\u2029', d: '&amp;' };
  const s = jsonForScript(value);
  assert.ok(!/[<>&\u2028\u2029]/.test(s));
  assert.deepEqual(JSON.parse(s), value);
});

test('rich text keeps only allowlisted tags without attributes', () => {
  const html = richToHtml(parseRich('<p>Set <code>x</code> <b>on</b><br/><ul><li>one</li></ul></p>'));
  assert.equal(html, '<p>Set <code>x</code> <b>on</b><br><ul><li>one</li></ul></p>');
  for (const evil of [IMG, SCRIPT, '<p class="x">t</p>', '<a href="javascript:alert(1)">l</a>', '<svg onload=alert(1)>', '<P ONCLICK=x>', '<iframe srcdoc="<script>">']) {
    const out = richToHtml(parseRich(evil));
    assert.ok(!/<(?!\/?(p|code|ul|ol|li|b|i|strong|em|br|pre)>)/i.test(out), `${evil} -> ${out}`);
    assert.ok(out.includes('&lt;'), `${evil} kept as text`);
  }
  assert.deepEqual(parseRich(IMG), [IMG], 'the img tag is one text node');
});

test('rich text: case, unclosed and stray tags, entities', () => {
  assert.deepEqual(parseRich('<B>x</b>'), [['b', 'x']]);
  assert.deepEqual(parseRich('<p>open'), [['p', 'open']]);
  assert.deepEqual(parseRich('a</p>b'), ['a', 'b'], 'a stray close tag is dropped');
  assert.deepEqual(parseRich('1 < 2 && 3 > 2'), ['1 < 2 && 3 > 2']);
  assert.deepEqual(parseRich('&lt;script&gt; &amp; &#x41;&#66; &bogus;'), ['<script> & AB &bogus;']);
  assert.equal(richToHtml(parseRich('&lt;img src=x&gt;')), '&lt;img src=x&gt;', 'decoded entities are escaped again');
  assert.equal(richToPlain(parseRich('<p>a</p><ul><li>b</li><li>c</li></ul>')), 'a\n\n- b\n- c');
});

test('rendered page: CSP hashes match the one style and one script', () => {
  const html = renderHtml(loadFixture('sample-en'));
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1].replace(/&#39;/g, "'");
  assert.match(csp, /^default-src 'none'; /);
  assert.match(csp, /img-src data:/);
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 2, 'one data block + one script');
  assert.equal(scripts[0][1], ' type="application/json" id="report-data"');
  const sha = (t: string) => `'sha256-${createHash('sha256').update(t, 'utf8').digest('base64')}'`;
  assert.ok(csp.includes(`style-src ${sha(style)}`), 'style hash');
  assert.ok(csp.includes(`script-src ${sha(scripts[1][2])}`), 'script hash');
  assert.ok(!/unsafe-inline|unsafe-eval/.test(csp));
});

test('rendered page: report strings never become markup', () => {
  const report = clone(loadFixture('sample-en'));
  report.report.header = SCRIPT;
  report.sections[1].header = IMG;
  report.run.server.database = '"><svg onload=alert(1)>';
  report.run.run_by = '</title><script>alert(3)</script>';
  const html = renderHtml(report);
  const outsideData = html.replace(/<script type="application\/json" id="report-data">[\s\S]*?<\/script>/, '');
  assert.ok(!outsideData.includes(IMG) && !outsideData.includes('<svg onload') && !outsideData.includes('<script>alert'));
  assert.ok(outsideData.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  const data = JSON.parse(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]);
  assert.equal(data.rows.length, report.results.length);
  const su = data.rows.find((r: any) => r.check_id === 'superuser_count');
  assert.ok(su.short.every((n: unknown) => typeof n === 'string'), 'hostile short description is text only');
  assert.equal(su.executors[0].rows[0].rolname, IMG, 'raw output is kept verbatim as data');
  assert.equal(html.match(/<svg /g)!.length, report.sections.length + 1, 'only the score bars (3 groups + overall) are SVG');
});

test('rendered page: locale from run.locale or option, Cyrillic kept as UTF-8', () => {
  const ru = renderHtml(loadFixture('sample-ru'));
  assert.match(ru, /<html lang="ru">/);
  assert.ok(ru.includes('Проверка безопасности PostgreSQL'));
  assert.ok(ru.includes('Оценка по группам'));
  assert.match(renderHtml(loadFixture('sample-ru'), { locale: 'en' }), /Score by group/);
  assert.match(renderHtml(loadFixture('sample-en'), { locale: 'xx' }), /<html lang="en">/);
});
