// The JSON contract: schema/report-v1.schema.json accepts real-shaped reports and rejects
// documents that break it; the renderer's JSON round-trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJson } from '../../src/report/json.ts';
import { reportValidator, sample } from './load.ts';

const validate = reportValidator();

test('the sample reports (every status, hostile text, Cyrillic) validate', () => {
  for (const locale of ['en', 'ru'] as const) {
    const ok = validate(sample(locale));
    assert.equal(ok, true, JSON.stringify(validate.errors, null, 2));
  }
});

test('renderJson output parses back to the same document and still validates', () => {
  const report = sample();
  const again = JSON.parse(renderJson(report));
  assert.deepEqual(again, report);
  assert.equal(validate(again), true);
});

test('broken documents are rejected with the offending path', () => {
  const cases: [string, (r: any) => void, RegExp][] = [
    ['unknown status', (r) => { r.results[0].status = 'Passed'; }, /\/results\/0\/status/],
    ['unknown skip reason', (r) => { r.results[0].skip_reason = 'bored'; }, /\/results\/0\/skip_reason/],
    ['wrong format version', (r) => { r.format_version = 2; }, /\/format_version/],
    ['missing results', (r) => { delete r.results; }, /results/],
    ['unexpected top-level field', (r) => { r.extra = 1; }, /additional/i],
    ['unknown origin', (r) => { r.run.origin = 'cloud'; }, /\/run\/origin/],
    ['counts not numbers', (r) => { r.summary.by_status.Success = 'many'; }, /\/summary\/by_status\/Success/],
  ];
  for (const [label, breakIt, where] of cases) {
    const r = sample();
    breakIt(r);
    assert.equal(validate(r), false, label);
    assert.match(JSON.stringify(validate.errors), where, label);
  }
});
