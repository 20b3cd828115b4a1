// build/extension.mjs on small sql/ trees: which files the install and the upgrade script
// hold, in which order, and the convention breaches it refuses or warns about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a build script in plain JavaScript
import { generateExtension } from '../../build/extension.mjs';

const CONTROL = "default_version = '0.2.0'\n";
const RELEASED = '-- sec_check 0.1.0\n-- 020_table_t.sql\nCREATE TABLE sec_check.t (\n  a int\n);\n';

/** A repo-like temp dir: sql/ files, sql/upgrade/ migrations, extension/ with 0.1.0 released. */
function tree(sql: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sec-check-ext-'));
  for (const [rel, text] of Object.entries(sql)) {
    mkdirSync(join(dir, 'sql', rel, '..'), { recursive: true });
    writeFileSync(join(dir, 'sql', rel), text);
  }
  mkdirSync(join(dir, 'extension'));
  writeFileSync(join(dir, 'extension/sec_check.control'), CONTROL);
  writeFileSync(join(dir, 'extension/sec_check--0.1.0.sql'), RELEASED);
  writeFileSync(join(dir, 'extension/sec_check--0.2.0--0.3.0.sql'), 'stale, from another branch');
  return dir;
}

const BASE = {
  '020_table_t.sql': '-- since: 0.1.0\nCREATE TABLE sec_check.t (\n  a int\n);\n',
  '030_function_f.sql': '-- since: 0.1.0\nCREATE OR REPLACE FUNCTION sec_check.f() RETURNS int LANGUAGE sql AS $$ SELECT @N@ $$;\n',
  '150_table_new.sql': '-- since: 0.2.0\nCREATE TABLE sec_check.n (\n  id bigint GENERATED ALWAYS AS IDENTITY,\n  b text\n);\n',
  '120_builtin_pack.sql': '-- since: 0.1.0\nINSERT INTO p VALUES (1);\n',
  '900_privileges.sql': "-- since: 0.1.0\nSELECT pg_extension_config_dump('sec_check.t', '');\nSELECT pg_extension_config_dump('sec_check.n', '');\nSELECT pg_extension_config_dump('sec_check.n_id_seq', '');\n",
  'upgrade/0.1.0--0.2.0/010_alter_t.sql': 'ALTER TABLE sec_check.t ADD COLUMN c int;\n',
};

function generate(dir: string) {
  return generateExtension({ version: '0.2.0', buildId: 'b1', subst: { '@N@': '7' }, sqlDir: join(dir, 'sql'), extDir: join(dir, 'extension') });
}

/** The file names an assembled script holds, in order. */
function sections(text: string): string[] {
  return [...text.matchAll(/^-- (\S+\.sql)$/gm)].map((m) => m[1].replace(/^.*\/sql\//, ''));
}

test('install = every file in name order; upgrade = migrations, then new and re-runnable files in name order', () => {
  const dir = tree(BASE);
  const out = generate(dir);
  assert.equal(out.previous, '0.1.0');
  const install = readFileSync(out.installScript, 'utf8');
  assert.deepEqual(sections(install), ['020_table_t.sql', '030_function_f.sql', '120_builtin_pack.sql', '150_table_new.sql', '900_privileges.sql']);
  assert.match(install, /SELECT 7 \$\$/, 'placeholders are filled');
  const upgrade = readFileSync(out.upgradeScript, 'utf8');
  assert.deepEqual(sections(upgrade), ['upgrade/0.1.0--0.2.0/010_alter_t.sql', '030_function_f.sql', '120_builtin_pack.sql', '150_table_new.sql', '900_privileges.sql']);
  assert.match(upgrade, /ALTER EXTENSION sec_check UPDATE/);
  assert.deepEqual(readdirSync(join(dir, 'extension')).sort(),
    ['sec_check--0.1.0--0.2.0.sql', 'sec_check--0.1.0.sql', 'sec_check--0.2.0.sql', 'sec_check.control'], 'released kept, stale removed');
  assert.deepEqual(out.warnings, []);
});

test('a file without a known since header, or a re-run function without OR REPLACE, fails the build', () => {
  assert.throws(() => generate(tree({ ...BASE, '040_function_g.sql': 'CREATE OR REPLACE FUNCTION g() ...' })), /sql\/040_function_g\.sql: the first line must be "-- since: X\.Y\.Z"/);
  assert.throws(() => generate(tree({ ...BASE, '040_function_g.sql': '-- since: 0.1.5\nSELECT 1;' })), /040_function_g\.sql: since 0\.1\.5 is not a known version/);
  assert.throws(() => generate(tree({ ...BASE, '040_function_g.sql': '-- since: 0.2.0\nCREATE FUNCTION g() RETURNS int;' })), /040_function_g\.sql: re-run by every upgrade, so it must use CREATE OR REPLACE/);
});

test('a table or identity sequence missing from pg_extension_config_dump fails the build', () => {
  const noSeq = { ...BASE, '900_privileges.sql': BASE['900_privileges.sql'].replace(/.*n_id_seq.*\n/, '') };
  assert.throws(() => generate(tree(noSeq)), /sequence sec_check\.n_id_seq \(column id\) is not registered/);
  const noTable = { ...BASE, '900_privileges.sql': BASE['900_privileges.sql'].replace(/.*'sec_check\.t'.*\n/, '') };
  assert.throws(() => generate(tree(noTable)), /020_table_t\.sql: table sec_check\.t is not registered/);
  const serial = { ...BASE, '160_table_s.sql': "-- since: 0.2.0\nCREATE TABLE sec_check.s (\n  job_id bigserial PRIMARY KEY\n) WITH (fillfactor = 90);\nSELECT pg_extension_config_dump('sec_check.s', '');\n" };
  assert.throws(() => generate(tree(serial)), /sequence sec_check\.s_job_id_seq \(column job_id\) is not registered/);
});

test('a changed run-once file of a released version is warned about unless a migration says it migrates it', () => {
  const changed = { ...BASE, '020_table_t.sql': '-- since: 0.1.0\nCREATE TABLE sec_check.t (\n  a int,\n  c int\n);\n' };
  const warned = /sql\/020_table_t\.sql changed since 0\.1\.0 but is not re-run and no migration in sql\/upgrade\/0\.1\.0--0\.2\.0\/ says "-- migrates: sql\/020_table_t\.sql"/;
  assert.match(generate(tree(changed)).warnings.join('\n'), warned, 'a migration that does not name the file');
  const { 'upgrade/0.1.0--0.2.0/010_alter_t.sql': _, ...noMigration } = changed;
  assert.match(generate(tree(noMigration)).warnings.join('\n'), warned, 'no migration at all');
  const declared = { ...changed, 'upgrade/0.1.0--0.2.0/010_alter_t.sql': '-- migrates: sql/020_table_t.sql\nALTER TABLE sec_check.t ADD COLUMN c int;\n' };
  assert.deepEqual(generate(tree(declared)).warnings.filter((w: string) => /020_table_t/.test(w)), [], 'declared: no false warning');
  const wrong = { ...BASE, 'upgrade/0.1.0--0.2.0/010_alter_t.sql': '-- migrates: sql/999_table_none.sql\nSELECT 1;\n' };
  assert.throws(() => generate(tree(wrong)), /-- migrates: sql\/999_table_none\.sql" names no sql\/ file/);
});

test('COMMENT ON statements of a released run-once file need no migration: the upgrade re-applies them', () => {
  const commented = { ...BASE, '020_table_t.sql': "-- since: 0.1.0\nCREATE TABLE sec_check.t (\n  a int\n);\nCOMMENT ON COLUMN sec_check.t.a IS 'the a; with a '';'' inside';\n" };
  const out = generate(tree(commented));
  assert.deepEqual(out.warnings, []);
  const upgrade = readFileSync(out.upgradeScript, 'utf8');
  assert.ok(upgrade.includes("COMMENT ON COLUMN sec_check.t.a IS 'the a; with a '';'' inside';"), 'the whole statement, quoted semicolons included');
  assert.ok(upgrade.indexOf('ALTER TABLE sec_check.t ADD COLUMN c') < upgrade.indexOf('COMMENT ON COLUMN sec_check.t.a'), 'after the migrations');
  assert.ok(!/CREATE TABLE sec_check\.t/.test(upgrade), 'the table itself is not created again');
});

test('the control file must name the version being built', () => {
  const dir = tree(BASE);
  writeFileSync(join(dir, 'extension/sec_check.control'), "default_version = '0.1.0'\n");
  assert.throws(() => generate(dir), /default_version 0\.1\.0, package\.json has 0\.2\.0/);
});

test('released scripts committed compressed (extension/released/*.sql.gz) are written out byte for byte and serve as the upgrade base', () => {
  const dir = tree(BASE);
  rmSync(join(dir, 'extension/sec_check--0.1.0.sql'));
  mkdirSync(join(dir, 'extension/released'));
  writeFileSync(join(dir, 'extension/released/sec_check--0.1.0.sql.gz'), gzipSync(RELEASED));
  const out = generate(dir);
  assert.equal(readFileSync(join(dir, 'extension/sec_check--0.1.0.sql'), 'utf8'), RELEASED);
  assert.equal(out.previous, '0.1.0');
  assert.ok(readdirSync(join(dir, 'extension')).includes('sec_check--0.1.0--0.2.0.sql'));
  writeFileSync(join(dir, 'extension/released/notes.txt.gz'), gzipSync('x'));
  assert.throws(() => generate(dir), /released\/notes\.txt\.gz: expected sec_check--<version>\[--<version>\]\.sql\.gz/);
});
