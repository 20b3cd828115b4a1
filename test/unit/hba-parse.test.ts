// The runtime-free pg_hba.conf parser (src/core/hba/parse.ts): a crafted file set with
// include / include_if_exists / include_dir, continuation lines, quoting, comma lists,
// address forms and malformed lines gives the rows pg_hba_file_rules would show, with one
// error row per bad line; the SQL rewrite reads the rows instead of the view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HBA_SOURCE_COLUMNS, hbaFields, hbaLogicalLines, hbaRulesFactRows, hbaSourceCte, parseHbaFile, type HbaFileRule } from '../../src/core/hba/parse.ts';

const FILES: Record<string, string> = {
  '/etc/pg/pg_hba.conf': `# top file
local   all   all   ident
host "all",app  alice,+grp  10.0.0.0/8  scram-sha-256   # trailing comment
host all bob \\
     192.168.1.7 255.255.255.0 \\
     md5
include extra.conf
include_if_exists missing.conf
include nothere.conf
include_dir conf.d
hostssl all "x""y" 2001:DB8:0:0:0::/32 cert
host all all db.example.com trust
host all all samenet reject
host all @admins all md5
host all
bogus all all trust
host all all 10.1.2.3/40 trust
host all all 10.0.0.0/8 frob
local all all trust map=x,pam_use_hostname=1
`,
  '/etc/pg/extra.conf': 'host replication rep 127.0.0.1/32 scram-sha-256\n',
  '/etc/pg/conf.d/b.conf': 'hostnossl all all ::1/128 password\n',
  '/etc/pg/conf.d/a.conf': 'hostgssenc all all all gss\n',
  '/etc/pg/conf.d/notes.txt': 'not read\n',
};
const read = (p: string) => FILES[p] ?? null;
const list = (d: string) => {
  const names = Object.keys(FILES).filter((p) => p.startsWith(`${d}/`)).map((p) => p.slice(d.length + 1));
  return names.length ? names : null;
};
const pick = (r: HbaFileRule) => [r.rule_number, r.file_name.replace('/etc/pg/', ''), r.line_number, r.type, r.database, r.user_name, r.address, r.netmask, r.auth_method, r.options, r.error];

test('the crafted files give the view\'s rows, includes in place, errors per line', () => {
  const rows = parseHbaFile('/etc/pg/pg_hba.conf', read, list);
  assert.deepEqual(rows.map(pick), [
    [1, 'pg_hba.conf', 2, 'local', ['all'], ['all'], null, null, 'peer', null, null],
    [2, 'pg_hba.conf', 3, 'host', ['all', 'app'], ['alice', '+grp'], '10.0.0.0', '255.0.0.0', 'scram-sha-256', null, null],
    [3, 'pg_hba.conf', 4, 'host', ['all'], ['bob'], '192.168.1.7', '255.255.255.0', 'md5', null, null],
    [4, 'extra.conf', 1, 'host', ['replication'], ['rep'], '127.0.0.1', '255.255.255.255', 'scram-sha-256', null, null],
    [null, 'pg_hba.conf', 9, null, null, null, null, null, null, null, 'could not open file "/etc/pg/nothere.conf": No such file or directory'],
    [5, 'conf.d/a.conf', 1, 'hostgssenc', ['all'], ['all'], 'all', null, 'gss', null, null],
    [6, 'conf.d/b.conf', 1, 'hostnossl', ['all'], ['all'], '::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'password', null, null],
    [7, 'pg_hba.conf', 11, 'hostssl', ['all'], ['x"y'], '2001:db8::', 'ffff:ffff::', 'cert', ['clientcert=verify-full'], null],
    [8, 'pg_hba.conf', 12, 'host', ['all'], ['all'], 'db.example.com', null, 'trust', null, null],
    [9, 'pg_hba.conf', 13, 'host', ['all'], ['all'], 'samenet', null, 'reject', null, null],
    [null, 'pg_hba.conf', 14, null, null, null, null, null, null, null, '"@admins": @file lists are not read by sec-check (unsupported token)'],
    [null, 'pg_hba.conf', 15, null, null, null, null, null, null, null, 'end-of-line before role specification'],
    [null, 'pg_hba.conf', 16, null, null, null, null, null, null, null, 'invalid connection type "bogus"'],
    [null, 'pg_hba.conf', 17, null, null, null, null, null, null, null, 'invalid CIDR mask in address "10.1.2.3/40"'],
    [null, 'pg_hba.conf', 18, null, null, null, null, null, null, null, 'invalid authentication method "frob"'],
    [10, 'pg_hba.conf', 19, 'local', ['all'], ['all'], null, null, 'trust', ['map=x', 'pam_use_hostname=1'], null],
  ]);
  // quoted "all" is a name, the bare one the keyword: the tokens keep the difference
  assert.deepEqual(rows[1].database_tokens, [{ text: 'all', quoted: true }, { text: 'app', quoted: false }]);
  assert.deepEqual(rows[0].database_tokens, [{ text: 'all', quoted: false }]);
});

test('tokenizer details: continuation keeps the first line number, quotes protect # and commas', () => {
  assert.deepEqual(hbaLogicalLines('a \\\nb\nc\r\n'), [[1, 'a b'], [3, 'c']]);
  assert.deepEqual(hbaFields('host "a b,#c",d  e # f'), [[{ text: 'host', quoted: false }], [{ text: 'a b,#c', quoted: true }, { text: 'd', quoted: false }], [{ text: 'e', quoted: false }]]);
  assert.deepEqual(hbaFields('   # only a comment'), []);
});

test('a missing top file throws; include nesting is bounded', () => {
  assert.throws(() => parseHbaFile('/nope', read, list), /no such file/);
  const loop = parseHbaFile('/l/a.conf', (p) => (p === '/l/a.conf' ? 'include a.conf\n' : null), () => null);
  assert.equal(loop.length, 1);
  assert.match(String(loop[0].error), /maximum nesting depth exceeded/);
});

test('the file path names its own hba_source: the parsed rows as literals, quoted safely', () => {
  const rows = parseHbaFile('/etc/pg/pg_hba.conf', read, list);
  const cte = hbaSourceCte(rows);
  assert.match(cte, /^hba_source\(rule_order, file_name, line_number, type, database, user_name, address, netmask, auth_method, options, error, changed_since_load\) AS \(\n  VALUES \(1::int, E'\/etc\/pg\/pg_hba\.conf', 2::int, E'local', ARRAY\[E'all'\]::text\[\], ARRAY\[E'all'\]::text\[\], NULL::text, NULL::text, E'peer', NULL::text\[\], NULL::text, NULL::boolean\),\n/);
  // quotes and backslashes stay inside the literal whatever standard_conforming_strings says
  const hostile = hbaSourceCte([{ ...rows[0], file_name: "/x/\\'); DROP TABLE t; --" }]);
  assert.ok(hostile.includes("E'/x/\\\\''); DROP TABLE t; --'"), hostile);
  assert.match(hbaSourceCte([]), /WHERE false\n\)\n$/);
  // the fact rows: the same columns, the loaded-file question unknown
  const fact = hbaRulesFactRows(rows);
  assert.deepEqual(Object.keys(fact[0]), [...HBA_SOURCE_COLUMNS]);
  assert.equal(fact[0].rule_order, 1);
  assert.ok(fact.every((r) => r.changed_since_load === null));
});

test('the view path and the file path read the same block columns', () => {
  const block = readFileSync(new URL('../../checks/_lib/sql/hba-source.sql', import.meta.url), 'utf8');
  const cols = /SELECT ([\s\S]*?)\n    FROM pg_hba_file_rules/.exec(block)![1];
  const named = [...cols.matchAll(/(?:AS ([a-z_]+)|r\.([a-z_]+))(?=,|\s*$)/g)].map((m) => m[1] ?? m[2]);
  assert.deepEqual(named, [...HBA_SOURCE_COLUMNS]);
});
