// check.json "fix" in the catalog compiler: every check of the built-in catalog decides (a
// statement source or a manual reason), fixes.json and the fix queries are written and
// listed in docs/checks.md, and broken fix entries fail the build naming folder and field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { compileCatalog, renderChecksDoc } from '../../build/compile-catalog.ts';
import { checkSingleSelect } from '../../build/catalog-sql.ts';

import { CHECKS, compileBroken, editJson, tmp } from './compile-broken.ts';

test('every built-in check has a fix decision; fixes.json, fix queries and the docs table agree', async () => {
  const out = tmp('out');
  try {
    const catalog = await compileCatalog({ checksDir: CHECKS, outDir: out });
    const ids = Object.values(catalog.config.section).flatMap((s) => s.items.map((i) => i.id));
    const fixes = JSON.parse(readFileSync(path.join(out, 'fixes.json'), 'utf8'));
    assert.equal(fixes.format, 'sec_check-fixes');
    assert.equal(fixes.format_version, 1);
    // a check may leave "fix" out (its table row says "none"; its evidence rows can still carry a
    // fix column): the 79 checks of 0.2.0 all decided
    const decided = ids.filter((id) => fixes.checks[id]);
    assert.ok(decided.length >= 79, `only ${decided.length} checks decided`);
    assert.deepEqual(Object.keys(fixes.checks).filter((id) => !ids.includes(id)), [], 'fixes of unknown checks');
    let queries = 0;
    for (const [id, f] of Object.entries<any>(fixes.checks)) {
      assert.equal(Number(f.query !== undefined) + Number(f.manual !== undefined), 1, `${id}: query xor manual`);
      if (f.query) {
        queries++;
        const text = readFileSync(path.join(out, f.query), 'utf8');
        assert.equal(checkSingleSelect(text), null, `${id}: ${f.query}`);
        assert.doesNotMatch(text, /-- include:/, `${id}: includes expanded`);
      }
    }
    assert.ok(queries >= 20, `only ${queries} fix queries`);
    const doc = renderChecksDoc(catalog);
    assert.match(doc, /^## Fix scripts$/m);
    assert.match(doc, /^\| `password_encryption` \| settings \| `password_encryption = 'scram-sha-256'`; existing MD5 passwords/m);
    assert.match(doc, /^\| `public_schema` \| script \| `fix\.sql` computes the statements/m);
    assert.match(doc, /^\| `superuser_roles` \| manual \| removing SUPERUSER can lock administrators out/m);
    for (const id of ids) assert.match(doc, new RegExp(`^\\| \`${id}\` \\| (settings|script|manual|none) \\|`, 'm'));
    assert.equal(readFileSync('docs/checks.md', 'utf8'), doc, 'docs/checks.md is the generated text (run the build)');
  } finally { rmSync(out, { recursive: true, force: true }); }
});


test('broken fix entries fail the build with the folder, file and field', async () => {
  const pe = 'connections/password_encryption';
  const ps = 'access/public_schema';
  const cases: [string, (d: string) => void, RegExp][] = [
    ['two kinds', (d) => editJson(`${d}/${pe}/check.json`, (o) => { o.fix.manual = 'x'; }), /password_encryption\/check\.json: fix: expected exactly one of settings, script, manual, found settings and manual/],
    ['no kind', (d) => editJson(`${d}/${pe}/check.json`, (o) => { o.fix = { note: 'n' }; }), /password_encryption\/check\.json: fix: expected exactly one of settings, script, manual, found none/],
    ['unknown field', (d) => editJson(`${d}/${pe}/check.json`, (o) => { o.fix.apply = true; }), /password_encryption\/check\.json: fix/],
    ['bad setting name', (d) => editJson(`${d}/${pe}/check.json`, (o) => { o.fix.settings = { 'x; DROP': 'on' }; }), /password_encryption\/check\.json: fix\.settings/],
    ['value with a line break', (d) => editJson(`${d}/${pe}/check.json`, (o) => { o.fix.settings = { password_encryption: "a\nb" }; }), /password_encryption\/check\.json: fix\.settings\.password_encryption: .*line breaks are not allowed/],
    ['manual with a note', (d) => editJson(`${d}/access/superuser_roles/check.json`, (o) => { o.fix.note = 'n'; }), /superuser_roles\/check\.json: fix\.note: a manual fix has no statements/],
    ['missing script', (d) => rmSync(`${d}/${ps}/fix.sql`), /public_schema\/check\.json: fix\.script: file not found: access\/public_schema\/fix\.sql/],
    ['script not a SELECT', (d) => writeFileSync(`${d}/${ps}/fix.sql`, 'REVOKE CREATE ON SCHEMA public FROM PUBLIC'), /access\/public_schema\/fix\.sql: the statement must be a SELECT/],
    ['script with two statements', (d) => writeFileSync(`${d}/${ps}/fix.sql`, 'SELECT 1 AS statement; SELECT 2'), /access\/public_schema\/fix\.sql: only one statement is allowed/],
    ['script path escapes the folder', (d) => editJson(`${d}/${ps}/check.json`, (o) => { o.fix.script = '../x.sql'; }), /public_schema\/check\.json: fix\.script/],
  ];
  const problems: string[] = [];
  for (const [name, mutate, re] of cases) {
    const msg = await compileBroken(mutate);
    if (!re.test(msg)) problems.push(`${name}: ${JSON.stringify(msg.slice(0, 400))} does not match ${re}`);
  }
  assert.deepEqual(problems, []);
  assert.equal(existsSync('checks/access/public_schema/fix.sql'), true);
});
