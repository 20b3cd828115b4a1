// A fix statement as its reviewer sees it is what runs (src/fix/visible-sql.ts): names with
// bidi controls, zero-width and other invisible characters, line breaks, look-alike letters
// from other scripts, fullwidth and astral characters come out as U&"..." / E'...' escapes,
// readable non-ASCII names stay as they are, and what cannot be escaped (outside quotes) is
// refused with the code points named. And object_audit() calls are manual items while
// pgaudit is not ready, with the reason. (test/integration/fix-hidden-names.test.ts applies
// such scripts with psql on a real server.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { revealHidden, visibleText } from '../../src/fix/visible-sql.ts';
import { checkStatement, commentText, planFixes, storedRunTrust } from '../../src/fix/plan.ts';
import { renderFixScript } from '../../src/fix/script.ts';
import type { Report } from '../../src/core/report.ts';

const ok = (sql: string) => {
  const r = revealHidden(sql);
  assert.ok('statement' in r, `${JSON.stringify(sql)}: ${JSON.stringify(r)}`);
  return r;
};

test('hidden characters in quoted names and literals become escapes; nothing invisible is left', () => {
  const cases: [string, string, string[]][] = [
    ['GRANT SELECT ON public."pay\u202Eroll" TO auditor', 'GRANT SELECT ON public.U&"pay\\202Eroll" TO auditor', ['U+202E']],
    ['GRANT SELECT ON "sa\u200Blary" TO a', 'GRANT SELECT ON U&"sa\\200Blary" TO a', ['U+200B']],
    ['GRANT SELECT ON "a\u00A0b\u2066c\u2069" TO a', 'GRANT SELECT ON U&"a\\00A0b\\2066c\\2069" TO a', ['U+00A0', 'U+2066', 'U+2069']],
    ['REVOKE EXECUTE ON FUNCTION public."line\n-- break"() FROM PUBLIC', 'REVOKE EXECUTE ON FUNCTION public.U&"line\\000A-- break"() FROM PUBLIC', ['U+000A']],
    ['SELECT 1 FROM "back\\slash\u200D"', 'SELECT 1 FROM U&"back\\\\slash\\200D"', ['U+200D']],
    ['SELECT 1 FROM "e\u0301"', 'SELECT 1 FROM U&"e\\0301"', ['U+0301']],
    ['SELECT 1 FROM "tag\u{E0041}"', 'SELECT 1 FROM U&"tag\\+0E0041"', ['U+E0041']],
    // a Cyrillic "а" among Latin letters: the word passes for "payroll"
    ['GRANT SELECT ON "p\u0430yroll" TO a', 'GRANT SELECT ON U&"p\\0430yroll" TO a', ['U+0430']],
    // a word of Cyrillic letters that all look Latin ("рау" reads "pay")
    ['GRANT SELECT ON "\u0440\u0430\u0443" TO a', 'GRANT SELECT ON U&"\\0440\\0430\\0443" TO a', ['U+0440', 'U+0430', 'U+0443']],
    ['GRANT SELECT ON "\uFF50\uFF41\uFF59" TO a', 'GRANT SELECT ON U&"\\FF50\\FF41\\FF59" TO a', ['U+FF50', 'U+FF41', 'U+FF59']],
    // literals (object_audit takes the name as text): E'' escapes, backslashes doubled
    [`SELECT sec_check.object_audit('public."pay\u202Eroll"'::regclass, '{SELECT}')`, `SELECT sec_check.object_audit(E'public."pay\\u202Eroll"'::regclass, '{SELECT}')`, ['U+202E']],
    [`SELECT 'a\\b\u200B'`, `SELECT E'a\\\\b\\u200B'`, ['U+200B']],
    [`SELECT E'a\\\\b\u200B'`, `SELECT E'a\\\\b\\u200B'`, ['U+200B']],
    ['SELECT $x$it\'s\u202E$x$', `SELECT E'it''s\\u202E'`, ['U+202E']],
  ];
  for (const [input, expected, cps] of cases) {
    const r = ok(input);
    assert.equal(r.statement, expected, JSON.stringify(input));
    assert.deepEqual(r.escaped.sort(), cps.sort(), JSON.stringify(input));
    assert.doesNotMatch(r.statement, /[^\x20-\x7e]/, 'only printable ASCII is left');
  }
  // readable names stay as they are: a Russian name, accented Latin, plain ASCII, quotes doubled
  for (const plain of ['GRANT SELECT ON "Зарплата" TO a', 'GRANT SELECT ON "Straße_é" TO a', 'ALTER ROLE "we""ird; role" RESET x', `SELECT E'\\u202E'`, 'SELECT $1']) {
    assert.deepEqual(ok(plain), { statement: plain, escaped: [] });
  }
});

test('what cannot be escaped is refused, naming the code points', () => {
  for (const [sql, why] of [
    ['GRANT SELECT ON pay\u202Eroll TO a', /U\+202E outside quotes/],
    ['GRANT SELECT ON p\u0430yroll TO a', /U\+0430 outside quotes/],
    ['SELECT 1 -- \u200B', /U\+200B outside quotes/],
    ['SELECT 1\nFROM x', /U\+000A outside quotes/],
    ['SELECT U&\'\u202E\'', /a U&'\.\.\.' string holding U\+202E/],
    ['SELECT U&"x" UESCAPE \'!\'', /UESCAPE/],
    ["SELECT 'open", /unterminated string/],
  ] as const) {
    const r = revealHidden(sql);
    assert.ok('problem' in r && why.test(r.problem), `${JSON.stringify(sql)}: ${JSON.stringify(r)}`);
  }
  const checked = checkStatement('GRANT SELECT ON pay\u202Eroll TO a');
  assert.ok('problem' in checked && /fix it by hand$/.test(checked.problem));
});

test('comments show hidden characters as <U+XXXX> and stay one line', () => {
  assert.equal(visibleText('pay\u202Eroll\u200B'), 'pay<U+202E>roll<U+200B>');
  assert.equal(commentText('a\nb\u2028c \u00A0 d\u202E'), 'a b c <U+00A0> d<U+202E>');
});

const report = {
  run: { id: 3, server: { version: '18.4', database: 'postgres', host: null, port: null }, started_at: '2026-01-01T00:00:00Z', run_by: 'postgres' },
  results: [{ section: 'logging', check_id: 'object_audit_coverage', name: 'Object Audit Coverage', status: 'Error', executors: [{ script: 'q.sql', kind: 'sql', rows: [
    { fix: `SELECT sec_check.object_audit('public."pay\u202Eroll"'::regclass, '{SELECT}');` },
    { fix: 'SELECT "sec_check"."object_audit_remove"(\'public.t\'::regclass)' },
    { fix: 'REVOKE CREATE ON SCHEMA public FROM PUBLIC' },
  ] }] }],
} as unknown as Report;

test('object_audit() calls are manual items with the reason while pgaudit is not ready; other statements stay', async () => {
  const ctx = (blocked: string | null) => ({ contexts: new Map(), evidence: storedRunTrust('3', 'database', 'builtin'), query: async () => [], objectAuditBlocked: blocked });
  const blockedPlan = await planFixes(report, {}, new Map(), ctx('pgaudit is not loaded on this server: sec_check.object_audit() would fail'));
  assert.deepEqual(blockedPlan.statements.map((s) => s.statement), ['REVOKE CREATE ON SCHEMA public FROM PUBLIC']);
  assert.equal(blockedPlan.manual.length, 2);
  assert.ok(blockedPlan.manual.every((m) => /pgaudit is not loaded/.test(m.reason)));
  assert.equal(blockedPlan.manual[0].suggestion, `SELECT sec_check.object_audit(E'public."pay\\u202Eroll"'::regclass, '{SELECT}')`);
  const text = renderFixScript(blockedPlan, { report, source: 'run 3', liveDatabase: 'postgres', generatedAt: 'now', toolVersion: 't' });
  assert.doesNotMatch(text, /[\u202E\u200B]/);
  assert.match(text, /^--   SELECT sec_check\.object_audit\(E'public\."pay\\u202Eroll"'::regclass, '\{SELECT\}'\);$/m);

  const ready = await planFixes(report, {}, new Map(), ctx(null));
  assert.equal(ready.statements.length, 3);
  assert.deepEqual(ready.statements[0].comments, ['names here hold characters that do not show or pass for others, written as escapes (U+202E): PostgreSQL reads them back as the same name']);
});
