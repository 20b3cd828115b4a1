// Bad inputs of `sec-check hba`: each exits 2 with ONE line on stderr naming the option,
// value or missing privilege, prints no stack trace and writes no file; and the extension's
// sec_check.hba_first_match() is not executable by PUBLIC.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, connArgs, startPg18WithSecCheck } from './support.ts';

let pg: Cluster;
let dir: string;
before(async () => {
  pg = await startPg18WithSecCheck();
  await pg.query('CREATE ROLE hba_plain LOGIN; CREATE ROLE hba_nologin NOLOGIN');
  dir = mkdtempSync(join(tmpdir(), 'sec-check-hba-bad-'));
  writeFileSync(join(dir, 'a-file'), 'x');
});
after(async () => { await pg?.stop(); });

const cases: { name: string; args: () => string[]; user?: string; stderr: RegExp }[] = [
  { name: 'unknown --format', args: () => ['--format', 'xml'], stderr: /--format: text or json, not "xml"/ },
  { name: 'empty --role', args: () => ['--role', ' '], stderr: /--role: empty value/ },
  { name: 'no such role', args: () => ['--role', 'no_such_role'], stderr: /--role: no role "no_such_role" on this server/ },
  { name: 'a NOLOGIN role', args: () => ['--role', 'hba_nologin'], stderr: /--role: role "hba_nologin" cannot log in/ },
  { name: '--output under a file', args: () => ['--output', join(dir, 'a-file', 'out.json')], stderr: /--output/ },
  { name: 'empty --output', args: () => ['--output', ''], stderr: /--output: empty value/ },
  { name: 'unknown option', args: () => ['--rolee', 'x'], stderr: /rolee/ },
  { name: 'without the privilege to read pg_hba_file_rules', args: () => ['--output', join(dir, 'denied.json')], user: 'hba_plain',
    stderr: /cannot read pg_hba_file_rules as this role .*GRANT SELECT ON pg_hba_file_rules/ },
];

for (const k of cases) {
  test(`sec-check hba: ${k.name}`, async () => {
    const r = await cli(['hba', ...k.args(), ...connArgs(pg, k.user)]);
    assert.equal(r.code, 2, `exit ${r.code}: ${r.stdout} ${r.stderr}`);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^sec-check hba: /);
    assert.match(lines[0], k.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
}

test('nothing was written', () => {
  assert.equal(existsSync(join(dir, 'denied.json')), false);
  assert.equal(existsSync(join(dir, 'a-file', 'out.json')), false);
});

test('sec_check.hba_first_match() is not executable by PUBLIC', async () => {
  const rows = await pg.query<{ ok: boolean }>(
    `SELECT has_function_privilege('hba_plain', 'sec_check.hba_first_match()', 'EXECUTE') AS ok`);
  assert.equal(rows[0].ok, false);
});
