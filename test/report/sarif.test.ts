// SARIF output validates against the official SARIF 2.1.0 schema (shipped in the npm
// package @microsoft/jest-sarif, read from node_modules: no network) and follows the
// documented status/severity mapping.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { renderSarif, SEVERITY_LEVEL, STATUS_RESULT } from '../../src/render/sarif.ts';
import { allFixtures, loadFixture } from './helpers.ts';

const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
// unicodeRegExp off: the schema's language pattern is not valid under the u flag.
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

test('the schema file is the SARIF 2.1.0 schema', () => {
  assert.match(schema.title, /SARIF\) Version 2\.1\.0/);
  assert.deepEqual(schema.properties.version.enum, ['2.1.0']);
});

test('every fixture renders valid SARIF 2.1.0', () => {
  for (const [name, report] of allFixtures()) {
    const log = JSON.parse(renderSarif(report));
    assert.ok(validate(log), `${name}: ${ajv.errorsText(validate.errors)}`);
  }
});

test('a broken log is rejected (the validator is live)', () => {
  const log = JSON.parse(renderSarif(loadFixture('sample-en')));
  log.runs[0].results[0].level = 'fatal';
  assert.equal(validate(log), false);
});

test('results: one per non-Success check, kind/level by status', () => {
  for (const [name, report] of allFixtures()) {
    const run = JSON.parse(renderSarif(report)).runs[0];
    const notOk = report.results.filter((r) => r.status !== 'Success');
    assert.equal(run.results.length, notOk.length, name);
    run.results.forEach((res: any, i: number) => {
      const src = notOk[i];
      const want = STATUS_RESULT[src.status as keyof typeof STATUS_RESULT];
      assert.equal(res.kind, want.kind);
      assert.equal(res.level, want.level);
      // SARIF 3.27.9: a kind other than "fail" requires level "none".
      if (res.kind !== 'fail') assert.equal(res.level, 'none');
      assert.equal(res.properties.status, src.status);
      assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(res.message.text.startsWith(`${src.status}: `));
    });
  }
});

test('rules: one per check, severity -> level, CIS and security-severity in properties', () => {
  const report = loadFixture('sample-en');
  const rules = JSON.parse(renderSarif(report)).runs[0].tool.driver.rules;
  assert.equal(rules.length, report.results.length);
  const byId = new Map<string, any>(rules.map((r: any) => [r.id, r]));
  for (const r of report.results) {
    const rule: any = byId.get(r.check_id!);
    assert.ok(rule, r.check_id!);
    assert.equal(rule.name, r.name);
    assert.equal(rule.properties.cis, r.cis);
    assert.equal(rule.defaultConfiguration.level, (r.severity && SEVERITY_LEVEL[r.severity]) || 'warning');
    if (r.cis) assert.ok(rule.properties.tags.includes(`CIS ${r.cis}`));
  }
  assert.equal(byId.get('superuser_count')!.properties['security-severity'], '9.5');
});

test('hostile text stays data (JSON-escaped, no markup processing)', () => {
  const text = renderSarif(loadFixture('sample-en'));
  const log = JSON.parse(text);
  const err = log.runs[0].results.find((r: any) => r.ruleId === 'superuser_count');
  assert.ok(err.message.text.includes('<img src=x onerror=alert(1)>'));
});
