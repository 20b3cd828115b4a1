// The JSON Schema for report format_version 1 accepts real-shaped reports and rejects
// broken ones; the fixtures' summaries agree with their rows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { STATUSES } from '../../src/core/report.ts';
import { allFixtures, clone, loadFixture } from './helpers.ts';

const schema = JSON.parse(readFileSync(new URL('../../schema/report-v1.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validate = ajv.compile(schema);

test('fixtures validate against schema/report-v1.schema.json', () => {
  for (const [name, report] of allFixtures()) {
    assert.ok(validate(report), `${name}: ${ajv.errorsText(validate.errors)}`);
  }
});

test('fixture summaries match their rows', () => {
  for (const [name, report] of allFixtures()) {
    assert.equal(report.summary.total, report.results.length, name);
    for (const s of STATUSES) {
      assert.equal(report.summary.by_status[s], report.results.filter((r) => r.status === s).length, `${name} ${s}`);
    }
  }
});

type Breaker = [string, (r: any) => void];
const BROKEN: Breaker[] = [
  ['missing format_version', (r) => delete r.format_version],
  ['format_version 2', (r) => (r.format_version = 2)],
  ['wrong format name', (r) => (r.format = 'pg_sec_check')],
  ['unknown top-level property', (r) => (r.extra = 1)],
  ['unknown origin', (r) => (r.run.origin = 'cloud')],
  ['unknown runtime', (r) => (r.run.runtime = 'python')],
  ['started_at not a date-time', (r) => (r.run.started_at = 'yesterday')],
  ['port out of range', (r) => (r.run.server.port = 70000)],
  ['groups not a list', (r) => (r.run.groups = 'logging')],
  ['by_status missing Skipped', (r) => delete r.summary.by_status.Skipped],
  ['by_status unknown status', (r) => (r.summary.by_status.Passed = 0)],
  ['negative total', (r) => (r.summary.total = -1)],
  ['unknown status', (r) => (r.results[0].status = 'Passed')],
  ['unknown severity', (r) => (r.results[0].severity = 'urgent')],
  ['unknown skip_reason', (r) => ((r.results[5].status = 'Skipped'), (r.results[5].skip_reason = 'bored'))],
  ['Skipped without skip_reason', (r) => (r.results[5].skip_reason = null)],
  ['skip_reason on a Warning', (r) => (r.results[0].skip_reason = 'version')],
  ['insufficient_privilege on a Warning', (r) => ((r.results[0].status = 'Warning'), (r.results[0].skip_reason = 'insufficient_privilege'))],
  ['a skip reason other than insufficient_privilege on a Failed', (r) => ((r.results[0].status = 'Failed'), (r.results[0].skip_reason = 'not_applicable_managed'))],
  ['unknown profile', (r) => (r.run.profile = { requested: 'cloud', applied: 'managed', provider: null })],
  ['unknown provider', (r) => (r.run.profile = { requested: 'auto', applied: 'managed', provider: 'oracle' })],
  ['result missing recommendation', (r) => delete r.results[0].recommendation],
  ['result unknown property', (r) => (r.results[0].html = '<b>x</b>')],
  ['check_id with capitals', (r) => (r.results[0].check_id = 'Log-Connections')],
  ['description not a string', (r) => (r.results[0].description = 42)],
  ['executor unknown kind', (r) => (r.results[0].executors[0].kind = 'lua')],
  ['executor without script', (r) => delete r.results[0].executors[0].script],
  ['skipped executor with rows', (r) => (r.results[5].executors[0].rows = [])],
  ['sql executor with stdout', (r) => (r.results[0].executors[0].stdout = 'x')],
  ['shell executor with rows', (r) => (r.results[6].executors[0].rows = [])],
  ['rows not objects', (r) => (r.results[0].executors[0].rows = [1, 2])],
];

test('schema accepts a Failed result with insufficient_privilege, a not_applicable_managed skip and run.profile', () => {
  const r = clone(loadFixture('sample-en'));
  r.run.profile = { requested: 'auto', applied: 'managed', provider: 'aws' };
  r.results[0].status = 'Failed';
  r.results[0].skip_reason = 'insufficient_privilege';
  r.results[5].status = 'Skipped';
  r.results[5].skip_reason = 'not_applicable_managed';
  assert.ok(validate(r), JSON.stringify(validate.errors));
});

for (const [name, breakIt] of BROKEN) {
  test(`schema rejects: ${name}`, () => {
    const r = clone(loadFixture('sample-en'));
    assert.ok(validate(r), 'the unbroken fixture must pass first');
    breakIt(r);
    assert.equal(validate(r), false, `${name} was accepted`);
  });
}
