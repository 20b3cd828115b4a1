// SARIF 2.1.0 against the official schema (shipped in @microsoft/jest-sarif) and JUnit XML
// whose counts match the JSON report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderSarif } from '../../src/report/sarif.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { ROOT, sample } from './load.ts';

const sarifSchema = JSON.parse(readFileSync(join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));

test('SARIF validates against the official 2.1.0 schema', () => {
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false }); // the official schema has a pattern that is invalid in u-mode
  addFormats(ajv);
  const validate = ajv.compile(sarifSchema);
  for (const locale of ['en', 'ru'] as const) {
    const sarif = JSON.parse(renderSarif(sample(locale)));
    assert.equal(validate(sarif), true, JSON.stringify(validate.errors, null, 2));
    assert.equal(sarif.version, '2.1.0');
  }
});

test('SARIF has one rule per check and a result for every check that did not pass', () => {
  const report = sample();
  const sarif = JSON.parse(renderSarif(report));
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.rules.length, report.results.length);
  const notPassed = report.results.filter((r) => r.status !== 'Success').length;
  assert.equal(run.results.length, notPassed);
  const levels = new Set(run.results.map((r: { level: string }) => r.level));
  for (const l of levels) assert.ok(['error', 'warning', 'note', 'none'].includes(l as string));
  const errorRow = report.results.find((r) => r.status === 'Error')!;
  const errorResult = run.results.find((r: { ruleId: string; level: string }) => r.level === 'error');
  assert.ok(errorResult, `an Error check (${errorRow.name}) becomes a SARIF error`);
});

test('JUnit XML is well-formed and its counts match the JSON', () => {
  for (const locale of ['en', 'ru'] as const) {
    const report = sample(locale);
    const xml = renderJunit(report);
    assert.equal(XMLValidator.validate(xml), true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suites = [doc.testsuites.testsuite].flat();
    const cases = suites.flatMap((s: any) => [s.testcase].flat());
    assert.equal(cases.length, report.results.length);
    const by = report.summary.by_status;
    const attr = (k: string) => suites.reduce((n: number, s: any) => n + Number(s[k]), 0);
    assert.equal(attr('tests'), report.summary.total);
    assert.equal(attr('failures'), by.Error + by.Warning);
    assert.equal(attr('errors'), by.Failed);
    assert.equal(attr('skipped'), by.Skipped);
    assert.equal(Number(doc.testsuites.tests), report.summary.total);
    assert.equal(cases.filter((c: any) => c.failure !== undefined).length, by.Error + by.Warning);
    assert.equal(cases.filter((c: any) => c.error !== undefined).length, by.Failed);
    assert.equal(cases.filter((c: any) => c.skipped !== undefined).length, by.Skipped);
  }
});

test('hostile text cannot break the XML', () => {
  const report = sample();
  report.results[0].short_description = '</testcase><injected attr="x"/> ]]> & "\u0001';
  report.results[0].name = 'a"b<c>&d';
  const xml = renderJunit(report);
  assert.equal(XMLValidator.validate(xml), true);
  assert.doesNotMatch(xml, /<injected/);
});
