// A waived finding (result.waiver, marked by src/session/waivers.ts from the server's active
// waivers) keeps its status and is shown as waived in every format: the schema admits the
// mark on failing results only, SARIF carries a suppression (valid SARIF 2.1.0), JUnit a
// skipped test case naming the real status and the reason, HTML a waived badge and no place
// in the fix-first block or the score.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import type { Report } from '../../src/core/report.ts';
import { renderHtml } from '../../src/render/html.ts';
import { renderJunit } from '../../src/render/junit.ts';
import { renderSarif } from '../../src/render/sarif.ts';
import { scores } from '../../src/render/score.ts';
import { markWaived, withoutWaived, type Waiver } from '../../src/session/waivers.ts';
import { clone, loadFixture } from './helpers.ts';

const HOSTILE = 'accepted </script><img src=x onerror=alert(1)> & "quoted"';
const WAIVERS: Waiver[] = [
  { check_id: 'log_connections', scope: null, reason: HOSTILE, expires_at: '2027-03-01 00:00:00+00', expires_at_utc: '2027-03-01T00:00:00Z' },
  // limited to another database: does not apply to the fixture's "postgres"
  { check_id: 'superuser_count', scope: 'other_db', reason: 'elsewhere', expires_at: '2027-03-01 00:00:00+00', expires_at_utc: '2027-03-01T00:00:00Z' },
  // a passing check cannot be waived into anything
  { check_id: 'ssl_files', scope: null, reason: 'passes anyway', expires_at: '2027-03-01 00:00:00+00', expires_at_utc: '2027-03-01T00:00:00Z' },
];

function waivedSample(): Report {
  return markWaived(loadFixture('sample-en'), WAIVERS);
}

test('markWaived marks the failing results a waiver in force covers, in its scope, and nothing else', () => {
  const report = waivedSample();
  const marked = report.results.filter((r) => r.waiver);
  assert.deepEqual(marked.map((r) => [r.check_id, r.status]), [['log_connections', 'Warning']]);
  assert.deepEqual(marked[0].waiver, { reason: HOSTILE, expires_at: '2027-03-01T00:00:00Z', scope: null });
  // the judged report (exit code, console score) leaves the same results out
  assert.deepEqual(withoutWaived(report, WAIVERS).waived.map((r) => r.check_id), ['log_connections']);
  // a mark the document carried is replaced by what the server says now
  assert.equal(markWaived(report, []).results.some((r) => r.waiver), false);
});

test('the schema admits a waiver on Warning, Error and Failed only, with reason and UTC expiry', () => {
  const schema = JSON.parse(readFileSync(new URL('../../schema/report-v1.schema.json', import.meta.url), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const report = waivedSample();
  assert.ok(validate(report), ajv.errorsText(validate.errors));
  const onSuccess = clone(report);
  onSuccess.results.find((r) => r.status === 'Success')!.waiver = { reason: 'x', expires_at: '2027-01-01T00:00:00Z', scope: null };
  assert.equal(validate(onSuccess), false, 'a waiver on a Success');
  const noReason = clone(report) as any;
  delete noReason.results.find((r: any) => r.waiver).waiver.reason;
  assert.equal(validate(noReason), false, 'a waiver without a reason');
  const badTime = clone(report);
  badTime.results.find((r) => r.waiver)!.waiver!.expires_at = 'next spring';
  assert.equal(validate(badTime), false, 'an expiry that is no date-time');
});

test('SARIF: the waived result carries an accepted external suppression with the reason, and validates', () => {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const log: any = JSON.parse(renderSarif(waivedSample()));
  const valid: boolean = validate(log);
  assert.ok(valid, ajv.errorsText(validate.errors));
  const results = log.runs[0].results;
  const waived = results.find((r: any) => r.ruleId === 'log_connections');
  assert.deepEqual(waived.suppressions, [{ kind: 'external', status: 'accepted', justification: `${HOSTILE} (waived until 2027-03-01T00:00:00Z)` }]);
  assert.equal(waived.kind, 'fail', 'the finding keeps its kind and level');
  assert.equal(waived.level, 'warning');
  for (const r of results.filter((x: any) => x.ruleId !== 'log_connections')) assert.equal(r.suppressions, undefined, r.ruleId);
});

test('JUnit: a waived finding is a skipped test case naming its status, expiry and reason; counts agree', () => {
  const xml = renderJunit(waivedSample());
  const root = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(xml).testsuites;
  const cases = root.testsuite.flatMap((s: any) => s.testcase);
  const waived = cases.find((c: any) => String(c['@name']).startsWith('log_connections:'));
  assert.equal(waived.failure, undefined);
  assert.equal(waived.skipped['@message'], `waived Warning until 2027-03-01T00:00:00Z: ${HOSTILE}`);
  const by = loadFixture('sample-en').summary.by_status;
  assert.equal(Number(root['@failures']), by.Error + by.Warning - 1);
  assert.equal(Number(root['@skipped']), by.Skipped + 1);
  assert.equal(cases.filter((c: any) => c.skipped !== undefined).length, by.Skipped + 1);
  assert.ok(!xml.includes('<img'), 'the reason is escaped');
});

test('HTML: the waived finding is out of the fix-first block and the score, and its reason stays text', () => {
  const report = waivedSample();
  const html = renderHtml(report);
  const block = html.slice(html.indexOf('id="fix-first"'), html.indexOf('</section>', html.indexOf('id="fix-first"')));
  assert.doesNotMatch(block, /log_connections Config/);
  assert.match(block, /1 waived finding\(s\) are not listed here/);
  assert.ok(!html.includes(HOSTILE) && !html.includes('<img src=x'), 'the reason appears only inside the escaped data block');
  const logging = scores(report).groups.find((g) => g.key === 'logging')!;
  const unwaived = scores(loadFixture('sample-en')).groups.find((g) => g.key === 'logging')!;
  assert.equal(logging.judged, unwaived.judged - 1, 'the waived Warning is not judged');
  assert.match(html, /class="count-waived"><span class="n">1</);
});
