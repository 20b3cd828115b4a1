// The sensitive-access section's pure parts: statement masking and the --sensitive-access-days
// parser (the section's rendering is covered in test/browser and test/integration/object-audit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskStatement, parseSensitiveAccessDays, renderSensitiveAccessSection } from '../../src/render/sensitive-access.ts';

test('maskStatement hides literal values, keeps identifiers and comments', () => {
  const cases: [string, string][] = [
    [`UPDATE account SET password = 'x' WHERE id = 1`, `UPDATE account SET password = '***' WHERE id = 1`],
    [`SELECT * FROM t WHERE card = 4111111111111111 AND n = 'it''s'`, `SELECT * FROM t WHERE card = *** AND n = '***'`],
    [`SELECT E'a\\'b', e'x'`, `SELECT '***', '***'`],
    [`SELECT $$secret$$, $tag$x $$ y$tag$`, `SELECT $$***$$, $$***$$`],
    [`SELECT "col'name", 'z' FROM bench_t1234`, `SELECT "col'name", '***' FROM bench_t1234`],
    [`SELECT 1 -- it's fine\n, 'secret2'`, `SELECT 1 -- it's fine\n, '***'`],
  ];
  for (const [input, want] of cases) assert.equal(maskStatement(input), want, input);
});

test('parseSensitiveAccessDays takes 1..3650 whole days and names a bad value', () => {
  assert.equal(parseSensitiveAccessDays('7'), 7);
  assert.equal(parseSensitiveAccessDays(' 3650 '), 3650);
  for (const bad of ['0', '3651', '-1', '1.5', 'x', '', '07']) {
    assert.throws(() => parseSensitiveAccessDays(bad), new RegExp(`invalid --sensitive-access-days value "${bad.replace('.', '\\.')}"`));
  }
});

test('an empty window says so; a truncated one says how many are shown', () => {
  assert.match(renderSensitiveAccessSection({ days: 3, rows: [], truncated: false, summary: [] }, 'en'), /No access to sensitive data was recorded/);
  const row = { logged_at: 'now', user_name: 'u', client: null, class: 'READ', command: 'SELECT', object_name: 'public.t',
    sensitive_columns: ['a'], labels: ['pii'], statement: null };
  const html = renderSensitiveAccessSection({ days: 3, rows: [row], truncated: true, summary: [] }, 'ru');
  assert.match(html, /Показаны только 1 последних записей/);
});
