// --fail-on: order Error > Failed > Warning > Info; Skipped never fails; 'never' is 0.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Status } from '../../src/core/report.ts';
import { exitCodeFor, parseFailOn, type FailOn, renderSummary } from '../../src/render/summary.ts';
import { clone, loadFixture, withStatuses } from './helpers.ts';

// worst status present -> expected exit code for each threshold
const CASES: [Status[], Record<FailOn, 0 | 1>][] = [
  [[], { Error: 0, Failed: 0, Warning: 0, Info: 0, never: 0 }],
  [['Success', 'Skipped'], { Error: 0, Failed: 0, Warning: 0, Info: 0, never: 0 }],
  [['Success', 'Info'], { Error: 0, Failed: 0, Warning: 0, Info: 1, never: 0 }],
  [['Info', 'Warning'], { Error: 0, Failed: 0, Warning: 1, Info: 1, never: 0 }],
  [['Warning', 'Failed'], { Error: 0, Failed: 1, Warning: 1, Info: 1, never: 0 }],
  [['Success', 'Error'], { Error: 1, Failed: 1, Warning: 1, Info: 1, never: 0 }],
  [['Failed'], { Error: 0, Failed: 1, Warning: 1, Info: 1, never: 0 }],
];

for (const [statuses, want] of CASES) {
  test(`exit codes for [${statuses.join(', ') || 'no checks'}]`, () => {
    const report = withStatuses(statuses);
    for (const [failOn, code] of Object.entries(want) as [FailOn, 0 | 1][]) {
      assert.equal(exitCodeFor(report, failOn), code, `--fail-on ${failOn}`);
    }
  });
}

test('parseFailOn is case-insensitive and names a bad value', () => {
  assert.equal(parseFailOn('warning'), 'Warning');
  assert.equal(parseFailOn('NEVER'), 'never');
  assert.throws(() => parseFailOn('critical'), /"critical"/);
});

test('console summary: counts, non-Success checks, no control characters', () => {
  const report = clone(loadFixture('sample-en'));
  report.results[0].short_description = 'evil \u001b[2J\u001b]0;title\u0007 text';
  const text = renderSummary(report);
  assert.match(text, /checks 7: Success 2, Info 1, Warning 1, Error 1, Failed 1, Skipped 1/);
  assert.match(text, /score 40% \(2\/5/);
  for (const id of ['superuser_count', 'public_schema_create', 'log_connections', 'log_line_prefix', 'data_dir_mode']) {
    assert.ok(text.includes(id), id);
  }
  assert.ok(!text.includes('log_disconnections'), 'Success rows are not listed');
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text), 'control characters leaked');
  assert.ok(text.split('\n').every((l) => l.length <= 100));
  assert.ok(text.indexOf('ERROR') < text.indexOf('FAILED') && text.indexOf('FAILED') < text.indexOf('WARNING'));
});

test('console summary caps the list', () => {
  const text = renderSummary(withStatuses(Array(30).fill('Warning')), { maxLines: 5 });
  assert.match(text, /… and 25 more/);
});
