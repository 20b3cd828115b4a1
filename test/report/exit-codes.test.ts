// --fail-on: order Error > Failed > Warning > Info; Skipped never fails; 'never' is 0.
// --fail-on-unverified: a Failed (could not verify) check of that severity or above fails
// the run whatever --fail-on says (default high; never with --fail-on never).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Status } from '../../src/core/report.ts';
import { defaultFailUnverified, exitCodeFor, parseFailOn, parseFailUnverified, type FailOn, renderSummary, unverifiedAtOrAbove } from '../../src/render/summary.ts';
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

test('console summary: counts, the actionable checks by priority, no control characters', () => {
  const report = clone(loadFixture('sample-en'));
  report.results[0].short_description = 'evil \u001b[2J\u001b]0;title\u0007 text';
  const text = renderSummary(report);
  assert.match(text, /checks 7: Success 2, Info 1, Warning 1, Error 1, Failed 1, Skipped 1/);
  assert.match(text, /score 40% \(2\/5/);
  // Error critical (15), Failed high (8), Warning medium (3): highest priority first
  const listed = ['superuser_count', 'public_schema_create', 'log_connections'];
  for (const id of listed) assert.ok(text.includes(id), id);
  assert.ok(text.indexOf(listed[0]) < text.indexOf(listed[1]) && text.indexOf(listed[1]) < text.indexOf(listed[2]), text);
  assert.match(text, /fix first/);
  assert.match(text, /^\s+PRIORITY\s+STATUS\s+SEVERITY\s+CHECK\s+SUMMARY$/m);
  assert.match(text, /^\s+15\s+ERROR\s+critical\s+\w+\/superuser_count/m);
  for (const id of ['log_disconnections', 'log_line_prefix', 'data_dir_mode']) assert.ok(!text.includes(id), `${id}: only actionable results are listed`);
  assert.match(text, /1 Info and 1 Skipped results are in the report/);
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text), 'control characters leaked');
  assert.ok(text.split('\n').every((l) => l.length <= 100));
});

test('console summary orders by priority, not catalog order: a critical Error listed after 15 Warnings comes first', () => {
  const report = withStatuses([...Array(15).fill('Warning'), 'Error']);
  report.results[15].severity = 'critical';
  report.results[15].check_id = 'host_login';
  const lines = renderSummary(report).split('\n');
  const first = lines.findIndex((l) => /fix first/.test(l)) + 2; // after the header row
  assert.match(lines[first], /ERROR .*host_login/);
});

test('--fail-on-unverified: a high or critical check that could not be verified fails the default gate', () => {
  const report = withStatuses(['Success', 'Failed', 'Warning']);
  report.results[1].severity = 'critical';
  assert.equal(exitCodeFor(report, 'Error'), 1, 'default: high');
  assert.deepEqual(unverifiedAtOrAbove(report, 'high').map((r) => r.check_id), ['c_1']);
  assert.equal(exitCodeFor(report, 'Error', 'never'), 0);
  assert.equal(exitCodeFor(report, 'never'), 0, '--fail-on never turns both off by default');
  assert.equal(exitCodeFor(report, 'never', 'critical'), 1, 'unless asked for');
  report.results[1].severity = 'medium';
  assert.equal(exitCodeFor(report, 'Error'), 0, 'a medium one passes the default gate');
  assert.equal(exitCodeFor(report, 'Error', 'medium'), 1);
  report.results[1].severity = null;
  assert.equal(exitCodeFor(report, 'Error', 'medium'), 1, 'no severity counts as medium');
  assert.equal(exitCodeFor(report, 'Error', 'high'), 0);
  assert.equal(defaultFailUnverified('Warning'), 'high');
  assert.equal(defaultFailUnverified('never'), 'never');
  assert.equal(parseFailUnverified('HIGH'), 'high');
  assert.throws(() => parseFailUnverified('Error'), /invalid --fail-on-unverified value "Error": expected one of critical, high, medium, low, info, never/);
});

test('console summary caps the list', () => {
  const text = renderSummary(withStatuses(Array(30).fill('Warning')), { maxLines: 5 });
  assert.match(text, /… and 25 more/);
});
