// The catalog compiler on its own: the real checks/ tree compiles into a pack the engine
// accepts, every locale_msg key exists in en and ru, and broken check folders fail with an
// error naming the folder, file and field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { compileCatalog, localeKeysUsed, checkSingleSelect, renderChecksDoc } from '../../build/compile-catalog.ts';
import { parseLoc } from '../../src/core/loc.ts';
import { loadPackFromConfig } from '../../src/session/node-pack.ts';
import { compilePack } from '../../src/core/pack.ts';

import { CHECKS, compileBroken, editJson, tmp } from './compile-broken.ts';

// The 65 checks of the pg_sec_check table (H.4.4), by section key and English name.
const SEED: Record<string, string[]> = {
  replication: ['Replication Users', 'Replication Command Log', 'WAL Archiving Config', 'Primary Connection Info'],
  settings: ['FIPS Mode', 'Postmaster Parameters', 'SIGHUP Parameters', 'USER Parameters', 'Cryptographic Extensions',
    'SUPERUSER Parameters', 'Backend Runtime Parameters', 'Anonymization Extension', 'TLS Configuration'],
  logging: ['Log Destination', 'Logging Collector Enabled', 'Log File Directory', 'Log File Name', 'Log File Mode',
    'log_truncate_on_rotation Config', 'Syslog Facility', 'Max Log Retention', 'Max Log File Size', 'Syslog Sequence',
    'Syslog Message Size', 'PostgreSQL Syslog Program Name', 'Valid Server Log Messages', 'SQL Queries Generating Errors',
    'debug_print_parse Config', 'debug_print_rewritten Config', 'debug_pretty_print Config', 'debug_print_plan Config',
    'log_connections Config', 'log_disconnections Config', 'log_hostname Config', 'log_error_verbosity Config',
    'log_line_prefix Config', 'log_statement Config', 'log_timezone Config', 'PostgreSQL Audit Extension'],
  installation: ['Checksums Enabled', 'WAL and Temp Files on Separate Partitions', 'PGDATA Initialization Check', 'systemd Service Enabled'],
  special: ['wal-g', 'Other Configuration Parameters'],
  permissions: ['Correct Permission Mask', 'pg_hba.conf Permissions', 'PGDATA Permissions', 'Unix Socket Permissions'],
  access: ['set_user Check', 'Predefined Roles Check', 'Protect public Schema', 'RLS Configuration', 'Excessive Admin Privileges',
    'Excessive Function Privileges', 'Excessive DML Privileges'],
  connections: ['Unix Socket Login Check', 'Host Login Check', 'Authorized IP Ranges', 'Specific Databases and Users',
    'Password Complexity', 'Password Encryption', 'Authentication Timeout and Delay', 'Remote Superuser Connections', 'SSL Usage'],
};

test('the built-in catalog compiles into a pack the engine accepts', async () => {
  const out = tmp('out');
  try {
    const catalog = await compileCatalog({ checksDir: CHECKS, outDir: out });
    const { config, checkCount } = catalog;
    assert.ok(checkCount >= 78, `only ${checkCount} checks`);
    assert.deepEqual(Object.keys(config.section),
      ['installation', 'permissions', 'logging', 'access', 'connections', 'settings', 'replication', 'special']);
    // every seed check is present under its section with its English name
    let seedCount = 0;
    for (const [group, names] of Object.entries(SEED)) {
      const have = new Set(config.section[group].items.map((i: { name: string }) => i.name));
      for (const name of names) { assert.ok(have.has(name), `${group}: missing seed check "${name}"`); seedCount++; }
    }
    assert.equal(seedCount, 65);
    const ids = Object.values(config.section).flatMap((s: any) => s.items.map((i: any) => i.id));
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    // the engine's own validation (paths, versions, Lua syntax, .loc parsing) passes
    const pack = loadPackFromConfig(path.join(out, 'config.json'));
    const compiled = compilePack(pack);
    assert.equal(compiled.sections.reduce((n, s) => n + s.items.length, 0), checkCount);
    // shell probes are executable, SQL files are one SELECT each
    for (const s of Object.values(config.section) as any[]) for (const item of s.items) for (const e of item.executors) {
      const file = path.join(out, e.script);
      assert.ok(existsSync(file), file);
      if (e.script.endsWith('.sql')) assert.equal(checkSingleSelect(readFileSync(file, 'utf8')), null, e.script);
    }
    const doc = renderChecksDoc(catalog);
    assert.match(doc, /\| `log_connections` \| log_connections Config \| medium \| 3\.1\.20 \|/);
    assert.match(doc, /Updating the version table/);
  } finally { rmSync(out, { recursive: true, force: true }); }
});

test('every locale_msg key used by a compiled validator exists in en.loc and ru.loc', async () => {
  const out = tmp('loc');
  try {
    const { config } = await compileCatalog({ checksDir: CHECKS, outDir: out });
    const en = parseLoc(readFileSync(path.join(out, 'localizations/en.loc'), 'utf8'), 'en.loc');
    const ru = parseLoc(readFileSync(path.join(out, 'localizations/ru.loc'), 'utf8'), 'ru.loc');
    assert.deepEqual([...en.keys()].sort(), [...ru.keys()].sort(), 'en and ru have the same keys');
    let used = 0;
    for (const s of Object.values(config.section) as any[]) for (const item of s.items) for (const v of item.validators) {
      for (const key of localeKeysUsed(readFileSync(path.join(out, v.script), 'utf8'))) {
        used++;
        assert.ok(en.has(key), `${v.script}: ${key} missing in en.loc`);
        assert.ok(ru.has(key), `${v.script}: ${key} missing in ru.loc`);
        assert.ok(key.startsWith(`${item.id}.`) || key.startsWith('common.'), `${v.script}: foreign key ${key}`);
      }
    }
    assert.ok(used > 300, `only ${used} keys used`);
    // Russian sentences are translations, not copies of the English
    for (const [key, text] of ru) if (/\s/.test(text.replace(/<[^>]+>|\{\w+\}/g, '').trim())) assert.notEqual(text, en.get(key), `${key}: ru is a copy of en`);
  } finally { rmSync(out, { recursive: true, force: true }); }
});

// ---------------------------------------------------------------- broken folders

test('compile errors name the folder, file and field', async () => {
  const pe = 'connections/password_encryption';
  let msg = await compileBroken((d) => editJson(`${d}/${pe}/check.json`, (o) => { delete o.severity; }));
  assert.match(msg, /connections\/password_encryption\/check\.json: severity: missing \(expected one of critical, high, medium, low, info\)/);

  msg = await compileBroken((d) => editJson(`${d}/${pe}/check.json`, (o) => { o.cis = 5; o.name = ''; }));
  assert.match(msg, /password_encryption\/check\.json: cis: expected a CIS id/);
  assert.match(msg, /password_encryption\/check\.json: name: expected a non-empty string/);

  msg = await compileBroken((d) => editJson(`${d}/${pe}/check.json`, (o) => { delete o.cis; }));
  assert.match(msg, /password_encryption\/check\.json: cis: missing \(expected a CIS id/);

  msg = await compileBroken((d) => editJson(`${d}/${pe}/check.json`, (o) => { o.executors[0].min_ver = 'eighteen'; }));
  assert.match(msg, /executors\[0\]\.min_ver: bad version "eighteen"/);

  msg = await compileBroken((d) => rmSync(`${d}/${pe}/query.sql`));
  assert.match(msg, /password_encryption\/check\.json: executors\[0\]\.script: file not found: connections\/password_encryption\/query\.sql/);

  msg = await compileBroken((d) => { cpSync(`${d}/${pe}`, `${d}/logging/password_encryption`, { recursive: true }); });
  assert.match(msg, /logging\/password_encryption\/check\.json: id: duplicate id "password_encryption" \(also used by connections\/password_encryption\)/);

  msg = await compileBroken((d) => writeFileSync(`${d}/${pe}/validate.lua`,
    readFileSync(`${d}/${pe}/validate.lua`, 'utf8').replace('password_encryption.weak_full', 'password_encryption.no_such_key')));
  assert.match(msg, /password_encryption\/validate\.lua: locale_msg\("password_encryption\.no_such_key"\): no key "no_such_key"/);

  msg = await compileBroken((d) => editJson(`${d}/${pe}/messages.json`, (o) => { delete o.ok.ru; }));
  assert.match(msg, /password_encryption\/messages\.json: ok\.ru: missing or empty/);

  msg = await compileBroken((d) => editJson(`${d}/${pe}/messages.json`, (o) => { o.ok.en = 'two\nlines'; }));
  assert.match(msg, /password_encryption\/messages\.json: ok\.en: messages must be a single line/);

  msg = await compileBroken((d) => writeFileSync(`${d}/${pe}/query.sql`, 'SELECT 1; DELETE FROM pg_authid'));
  assert.match(msg, /password_encryption\/query\.sql: only one statement is allowed/);

  msg = await compileBroken((d) => rmSync(`${d}/${pe}/check.json`));
  assert.match(msg, /connections\/password_encryption\/check\.json: file is missing/);

  msg = await compileBroken((d) => editJson(`${d}/logging/group.json`, (o) => { delete o.header.ru; }));
  assert.match(msg, /logging\/group\.json: header\.ru:/);

  // the schema names unknown fields and the expected shape of script entries
  msg = await compileBroken((d) => editJson(`${d}/${pe}/check.json`, (o) => { o.severty = 'high'; o.executors[0] = 'query.sql'; }));
  assert.match(msg, /password_encryption\/check\.json: severty: unknown field \(allowed: \$schema, id, name/);
  assert.match(msg, /password_encryption\/check\.json: executors\[0\]: expected an object \{script, min_ver, max_ver\}, found "query\.sql"/);

  // fixtures.json is part of the folder: a SQL check without it does not compile
  msg = await compileBroken((d) => rmSync(`${d}/${pe}/fixtures.json`));
  assert.match(msg, /password_encryption\/fixtures\.json: file is missing \(every SQL check has a fixture/);

  // several problems are reported together
  msg = await compileBroken((d) => {
    editJson(`${d}/${pe}/check.json`, (o) => { o.severity = 'urgent'; });
    rmSync(`${d}/logging/log_connections/query.sql`);
  });
  assert.match(msg, /2 problem/);
  assert.match(msg, /severity: expected one of .* found "urgent"/);
  assert.match(msg, /log_connections\/check\.json: executors\[0\]\.script: file not found/);
});

test('the SQL single-statement check ignores semicolons in strings and comments', () => {
  assert.equal(checkSingleSelect("SELECT string_agg(x, '; ') FROM t -- a; b\n;"), null);
  assert.equal(checkSingleSelect('WITH a AS (SELECT 1) SELECT * FROM a'), null);
  assert.equal(checkSingleSelect('SELECT $$;$$'), null);
  assert.match(checkSingleSelect('UPDATE t SET a = 1') ?? '', /must be a SELECT/);
  assert.match(checkSingleSelect('WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d') ?? '', /data-modifying/);
});

test('every check folder has the four files and a known group', () => {
  for (const group of readdirSync(CHECKS, { withFileTypes: true }).filter((g) => g.isDirectory() && !g.name.startsWith('_')).map((g) => g.name)) {
    for (const id of readdirSync(path.join(CHECKS, group)).filter((f) => !f.endsWith('.json'))) {
      const dir = path.join(CHECKS, group, id);
      for (const f of ['check.json', 'validate.lua', 'messages.json']) assert.ok(existsSync(path.join(dir, f)), `${group}/${id}/${f}`);
      assert.ok(existsSync(path.join(dir, 'query.sql')) || existsSync(path.join(dir, 'probe.sh')), `${group}/${id}: no executor`);
    }
  }
});

test('facts: each problem of a fact folder or of a check naming a fact is reported with its file and field', async () => {
  const cases: [string, (dir: string) => void, RegExp][] = [
    ['id differs from folder', (d) => editJson(path.join(d, '_facts/su_equiv/fact.json'), (o) => { o.id = 'other'; }), /_facts\/su_equiv\/fact\.json: id: "other" must equal the folder name "su_equiv"/],
    ['unknown deriver', (d) => editJson(path.join(d, '_facts/su_equiv/fact.json'), (o) => { o.derive = 'no_such'; }), /_facts\/su_equiv\/fact\.json: derive: unknown deriver "no_such"/],
    ['bad column', (d) => editJson(path.join(d, '_facts/su_equiv/fact.json'), (o) => { o.columns.push(['x; drop', 'text']); }), /_facts\/su_equiv\/fact\.json/],
    ['missing query', (d) => rmSync(path.join(d, '_facts/su_equiv/query.sql')), /_facts\/su_equiv\/fact\.json: executors\[0\]\.script: file not found: _facts\/su_equiv\/query\.sql/],
    ['two statements', (d) => writeFileSync(path.join(d, '_facts/su_equiv/query.sql'), 'SELECT 1; SELECT 2'), /_facts\/su_equiv\/query\.sql: only one statement/],
    ['include of an unknown fact', (d) => writeFileSync(path.join(d, 'access/superuser_roles/query.sql'), 'WITH\n-- include: fact:ghost\nSELECT 1'), /access\/superuser_roles\/query\.sql: include "fact:ghost": no fact "ghost"/],
    ['a fact reading itself', (d) => writeFileSync(path.join(d, '_facts/su_equiv/query.sql'), 'WITH\n-- include: fact:su_equiv\nSELECT 1'), /_facts\/su_equiv\/query\.sql: include "fact:su_equiv": a fact cannot read itself/],
    ['facts reading each other', (d) => {
      writeFileSync(path.join(d, '_facts/su_equiv/query.sql'), 'WITH\n-- include: fact:hba_rules\nSELECT 1');
      writeFileSync(path.join(d, '_facts/hba_rules/query.sql'), 'WITH\n-- include: fact:su_equiv\nSELECT 1');
    }, /_facts\/: facts that read each other in a cycle: .*hba_rules.*su_equiv|su_equiv.*hba_rules/],
    ['fact.json names an unknown fact', (d) => editJson(path.join(d, '_facts/su_equiv/fact.json'), (o) => { o.facts = ['ghost']; }), /_facts\/su_equiv\/fact\.json: facts\[0\]: no fact "ghost"/],
    ['fact.json names the fact itself', (d) => editJson(path.join(d, '_facts/su_equiv/fact.json'), (o) => { o.facts = ['su_equiv']; }), /_facts\/su_equiv\/fact\.json: facts\[0\]: a fact cannot read itself/],
    ['fact.json "facts" in a cycle', (d) => editJson(path.join(d, '_facts/definer_functions/fact.json'), (o) => { o.facts = ['su_equiv']; }), /_facts\/: facts that read each other in a cycle: .*definer_functions/],
    ['check.json names an unknown fact', (d) => editJson(path.join(d, 'access/superuser_roles/check.json'), (o) => { o.facts = ['ghost']; }), /access\/superuser_roles\/check\.json: facts\[0\]: no fact "ghost"/],
  ];
  for (const [what, mutate, want] of cases) assert.match(await compileBroken(mutate), want, what);
});

test('facts: the compiled pack lists each fact once with the checks that read it, and their SQL reads the bound CTE', async () => {
  const out = tmp('facts');
  try {
    const catalog = await compileCatalog({ checksDir: CHECKS, outDir: out });
    const fact = catalog.config.facts?.find((f) => f.id === 'su_equiv');
    assert.ok(fact, 'su_equiv compiled');
    const readers = Object.values(catalog.config.section).flatMap((s) => s.items).filter((i) => i.facts?.includes('su_equiv')).map((i) => i.id).sort();
    assert.deepEqual(readers, catalog.factUsers?.get('su_equiv')?.slice().sort());
    assert.ok(readers.includes('superuser_roles') && readers.includes('remote_superuser'), readers.join());
    const sql = readFileSync(path.join(out, 'access/superuser_roles/query.sql'), 'utf8');
    assert.match(sql, /su_equiv AS \(SELECT \* FROM jsonb_to_recordset\(sec_check_fact\('su_equiv'\)\)/);
    // su_equiv reads priv_graph, which reads definer_functions: listed first, each naming what it reads
    assert.deepEqual(fact.facts, ['priv_graph']);
    const order = catalog.config.facts!.map((f) => f.id);
    assert.ok(order.indexOf('definer_functions') < order.indexOf('priv_graph') && order.indexOf('priv_graph') < order.indexOf('su_equiv'), order.join());
    const graph = catalog.config.facts!.find((f) => f.id === 'priv_graph')!;
    assert.ok(readFileSync(path.join(out, graph.executors[0].script), 'utf8').includes('pg_auth_members'));
    assert.match(readFileSync(path.join(out, graph.executors[0].script), 'utf8'), /definer_functions AS \(SELECT \* FROM jsonb_to_recordset\(sec_check_fact\('definer_functions'\)\)/);
    // a fact read by a fact that checks read is read too (docs/checks.md names the reading fact)
    assert.ok(catalog.factUsers?.get('priv_graph')?.includes('fact:su_equiv'), catalog.factUsers?.get('priv_graph')?.join());
    assert.ok(catalog.factUsers?.get('definer_functions')?.includes('fact:priv_graph'), catalog.factUsers?.get('definer_functions')?.join());
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
