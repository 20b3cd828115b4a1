// The priority model and the plain text of messages: one table of cases
// (test/fixtures/priority-cases.json) that the SQL twins must pass too
// (test/integration/ops-state.test.ts runs the same table through the server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { byPriority, exposureOf, isActionable, priorityOf, withPriority } from '../../src/core/priority.ts';
import { plainText } from '../../src/render/rich-text.ts';
import type { CheckResult } from '../../src/core/report.ts';

const cases = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/priority-cases.json'), 'utf8'));

test('priorityOf matches every case of the shared table', () => {
  assert.equal(cases.priority.length, 6 * 6 * 3, 'every status x severity x exposure');
  for (const c of cases.priority) {
    assert.equal(priorityOf(c.status, c.severity, c.exposure), c.priority, JSON.stringify(c));
  }
});

test('the order the table gives: critical remote Error first, then by status x severity; nothing to do is 0', () => {
  const p = (status: string, severity: string | null, exposure: string | null = null) =>
    cases.priority.find((c: any) => c.status === status && c.severity === severity && c.exposure === exposure).priority;
  assert.equal(Math.max(...cases.priority.map((c: any) => c.priority)), p('Error', 'critical', 'remote'));
  assert.ok(p('Error', 'critical') > p('Failed', 'critical'), 'an Error before a check that could not be verified');
  assert.ok(p('Failed', 'critical') > p('Error', 'medium'), 'an unverified critical check before a medium Error');
  assert.ok(p('Failed', 'high') > p('Warning', 'critical'));
  assert.ok(p('Error', 'medium', 'remote') > p('Error', 'medium', 'local'));
  for (const s of ['Success', 'Info', 'Skipped']) assert.ok(cases.priority.filter((c: any) => c.status === s).every((c: any) => c.priority === 0), s);
});

test('exposureOf matches every case of the shared table', () => {
  for (const c of cases.exposure) assert.equal(exposureOf(c.executors), c.exposure, c.label);
});

test('plainText matches every case of the shared table', () => {
  for (const c of cases.plain_text) assert.equal(plainText(c.html), c.text, JSON.stringify(c.html));
});

test('withPriority and byPriority: fix-first order, an Error before a Failed of equal priority, report order kept', () => {
  const r = (check_id: string, status: any, severity: any): CheckResult => ({
    section: 's', check_id, name: check_id, description: '', severity, cis: null, status, skip_reason: null,
    short_description: '', full_description: '', recommendation: '', executors: [], duration_ms: 0 });
  const list = [r('a', 'Warning', 'critical'), r('b', 'Error', 'low'), r('c', 'Failed', 'critical'), r('d', 'Error', 'critical'),
                r('e', 'Info', 'critical'), r('f', 'Error', 'medium'), r('g', 'Failed', 'high'), r('h', 'Warning', 'critical')].map(withPriority);
  assert.deepEqual(list.map((x) => x.priority), [5, 6, 10, 15, 0, 9, 8, 5]);
  assert.deepEqual(list.filter(isActionable).sort(byPriority).map((x) => x.check_id), ['d', 'c', 'f', 'g', 'b', 'a', 'h']);
  // 6 (Error low) and 6 (Failed medium): the Error first
  const tie = [r('x', 'Failed', 'medium'), r('y', 'Error', 'low')].map(withPriority).sort(byPriority);
  assert.deepEqual(tie.map((x) => x.check_id), ['y', 'x']);
});
