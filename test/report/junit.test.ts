// JUnit XML is well-formed (also with control characters and lone surrogates in the
// data) and its counts match the JSON report.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Report } from '../../src/core/report.ts';
import { renderJunit } from '../../src/render/junit.ts';
import { allFixtures, clone, loadFixture } from './helpers.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => name === 'testsuite' || name === 'testcase',
});

function parse(report: Report) {
  const xml = renderJunit(report);
  const ok = XMLValidator.validate(xml);
  assert.equal(ok, true, `not well-formed: ${JSON.stringify(ok)}`);
  return parser.parse(xml).testsuites;
}

const num = (v: unknown) => Number(v);

test('counts in attributes match the JSON summary and the child elements', () => {
  for (const [name, report] of allFixtures()) {
    const root = parse(report);
    const by = report.summary.by_status;
    assert.equal(num(root['@tests']), report.summary.total, name);
    assert.equal(num(root['@failures']), by.Error + by.Warning, name);
    assert.equal(num(root['@errors']), by.Failed, name);
    assert.equal(num(root['@skipped']), by.Skipped, name);
    const suites: any[] = root.testsuite ?? [];
    let cases = 0;
    for (const s of suites) {
      const tc: any[] = s.testcase;
      cases += tc.length;
      assert.equal(num(s['@tests']), tc.length);
      assert.equal(num(s['@failures']), tc.filter((c) => c.failure !== undefined).length);
      assert.equal(num(s['@errors']), tc.filter((c) => c.error !== undefined).length);
      assert.equal(num(s['@skipped']), tc.filter((c) => c.skipped !== undefined).length);
    }
    assert.equal(cases, report.results.length, name);
    const sectionsWithRows = new Set(report.results.map((r) => r.section));
    assert.equal(suites.length, sectionsWithRows.size, name);
  }
});

test('testsuite per section, testcase per check, status mapping', () => {
  const report = loadFixture('sample-en');
  const root = parse(report);
  assert.deepEqual(root.testsuite.map((s: any) => s['@name']), ['Logging and Audit', 'Access control', 'Host and files']);
  const all = root.testsuite.flatMap((s: any) => s.testcase);
  const find = (id: string) => all.find((c: any) => String(c['@name']).startsWith(`${id}:`));
  assert.equal(find('log_connections').failure['@type'], 'Warning');
  assert.equal(find('superuser_count').failure['@type'], 'Error');
  assert.equal(find('public_schema_create').error['@type'], 'Failed');
  assert.equal(find('data_dir_mode').skipped['@message'], 'host_agent_required');
  assert.equal(find('log_disconnections').failure, undefined);
  assert.equal(find('superuser_count')['@classname'], 'sec_check.access');
});

test('hostile and invalid-XML characters still give well-formed XML', () => {
  const report = clone(loadFixture('sample-en'));
  report.results[0].short_description = 'nul\u0000 esc\u001b[31m lone\ud800 rev\udc00 ffff\uffff ]]> <![CDATA[ x';
  report.results[0].name = 'quote" apos\' amp& lt< gt> tab\t nl\n';
  report.sections[0].header = '</testsuite><testsuite name="x">';
  const root = parse(report);
  assert.equal(root.testsuite[0]['@name'], '</testsuite><testsuite name="x">');
  assert.equal(root.testsuite.length, 3);
});
