// The pg_hba.conf file path (`sec-check hba --hba-file`, src/core/hba/parse.ts) on a real
// PostgreSQL 18 server with a crafted pg_hba.conf that includes another file: the parser's
// rows equal pg_hba_file_rules; a NON-superuser role (which cannot read the view) gets from
// the file exactly the matrix and the shadowed / remote-trust findings the superuser gets from
// the view; the weak-method check, which needs pg_authid, is Failed for that role (never a
// guess) and equal to the view's once the role may read pg_authid.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';
import { readHbaFile } from '../../src/hba/file.ts';
import type { HbaFileRule } from '../../src/core/hba/parse.ts';
import { cli, connArgs, startPg } from './support.ts';

const ROLES = `CREATE ROLE hba_grp NOLOGIN; CREATE ROLE hba_alice LOGIN; CREATE ROLE hba_bob LOGIN IN ROLE hba_grp;
  CREATE ROLE hba_carol LOGIN; CREATE ROLE hba_dave LOGIN; CREATE ROLE hba_erin LOGIN PASSWORD 'hba-erin-pw-1' IN ROLE hba_grp;
  CREATE ROLE hba_sub NOLOGIN IN ROLE hba_grp; CREATE ROLE hba_fay LOGIN IN ROLE hba_sub; CREATE ROLE hba_reader LOGIN`;

const MAIN = `# crafted by hba-file.test.ts
local   all  hba_reader                 trust
local   all  all                        peer map=m
host    all  all        10.0.0.0/8         reject
include hba_inc.conf
host    all  hba_carol  198.51.100.0/24    trust
host    all  hba_dave   2001:db8::/32      md5
host    "all",postgres  +hba_grp   192.168.0.0/16 \\
        md5
hostnossl all hba_fay   192.168.7.0/24     scram-sha-256
host    all  hba_bob    203.0.113.0  255.255.255.0  password
host    all  all        db.example.com     scram-sha-256
`;
const INC = `# included
host    all  hba_alice  10.20.0.0/16       scram-sha-256
host    all  hba_alice  172.16.0.0/12      scram-sha-256
host    app  hba_alice  172.16.5.0/24      scram-sha-256
`;

type Row = Record<string, unknown>;
let c: Cluster;
let hbaPath: string;

before(async () => {
  c = await startPg(18);
  writeFileSync(path.join(c.dataDir, 'pg_ident.conf'), 'm /^.*$ postgres\n');
  await c.query(ROLES);
  hbaPath = (await c.query<{ f: string }>(`SELECT setting AS f FROM pg_settings WHERE name = 'hba_file'`))[0].f;
  writeFileSync(path.join(path.dirname(hbaPath), 'hba_inc.conf'), INC);
  const t0 = (await c.query<{ t: string }>('SELECT pg_conf_load_time()::text AS t'))[0].t;
  writeFileSync(hbaPath, MAIN);
  await c.query('SELECT pg_reload_conf()');
  for (let i = 0; ; i++) {
    if ((await c.query<{ d: boolean }>('SELECT pg_conf_load_time() > $1::timestamptz AS d', [t0]))[0].d) break;
    assert.ok(i < 200, 'reloaded');
    await new Promise((res) => setTimeout(res, 100));
  }
  const errors = await c.query('SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL');
  assert.deepEqual(errors, [], 'the crafted files load without errors');
});
after(async () => { await c?.stop(); });

const json = async (args: string[], user?: string) => {
  const r = await cli(['hba', '--format', 'json', ...args, ...connArgs(c, user)]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};
/** a finding row without the file's "changed since the last reload" column: only the view knows the loaded state */
const findingsOf = (doc: { results: Row[] }): Row[] => doc.results.map((r) => ({
  ...r, rows: (r.rows as Row[]).map(({ changed_since_load: _, ...rest }) => rest),
}));

test('the parser gives the rows of pg_hba_file_rules, include file and continuation line included', async () => {
  const view = await c.query<Row>(`SELECT rule_number, file_name, line_number, type, database, user_name, address, netmask,
                                          auth_method, options, error FROM pg_hba_file_rules ORDER BY rule_number`);
  const parsed = readHbaFile(hbaPath).map(({ database_tokens: _d, user_tokens: _u, ...r }) => r);
  assert.deepEqual(parsed, view);
  assert.equal(view.length, 12);
  assert.ok(view.some((r) => String(r.file_name).endsWith('/hba_inc.conf') && r.line_number === 4));
  assert.ok(view.some((r) => r.line_number === 8 && r.auth_method === 'md5'), 'the continued line is numbered by its first line');
});

test('a non-superuser gets from the file the matrix and findings the superuser gets from the view', async () => {
  const denied = await cli(['hba', ...connArgs(c, 'hba_reader')]);
  assert.equal(denied.code, 2, 'hba_reader cannot read pg_hba_file_rules');
  assert.match(denied.stderr, /cannot read pg_hba_file_rules/);

  const viewMatrix = await json([]);
  const fileMatrix = await json(['--hba-file', hbaPath], 'hba_reader');
  assert.ok(viewMatrix.rows.length > 50, `${viewMatrix.rows.length} rows`);
  assert.deepEqual(fileMatrix.rows, viewMatrix.rows);
  assert.deepEqual(fileMatrix.file_errors, []);
  const cells = (rows: Row[], role: string, cls: string) => rows.filter((r) => r.rolname === role && r.datname === 'postgres' && r.addr_class === cls)
    .map((r) => `${r.auth_method ?? 'refused'}@${path.basename(String(r.file_name ?? '-'))}:${r.line_number ?? '-'}`);
  assert.deepEqual(cells(fileMatrix.rows, 'hba_alice', 'private'), ['reject@pg_hba.conf:4', 'scram-sha-256@hba_inc.conf:3', 'scram-sha-256@pg_hba.conf:12']);
  assert.deepEqual(cells(fileMatrix.rows, 'hba_bob', 'anywhere'), ['password@pg_hba.conf:11', 'scram-sha-256@pg_hba.conf:12']);

  const viewFind = await json(['--findings']);
  const fileFind = await json(['--findings', '--hba-file', hbaPath], 'hba_reader');
  assert.equal(viewFind.format, 'sec_check-hba-findings');
  const v = findingsOf(viewFind);
  const f = findingsOf(fileFind);
  assert.deepEqual(v.map((r) => [r.check_id, r.status]),
    [['hba_shadowed_lines', 'Warning'], ['hba_remote_trust', 'Error'], ['hba_weak_effective_method', 'Warning']]);
  assert.deepEqual(f.slice(0, 2), v.slice(0, 2), 'shadowed lines and remote trust: the same verdicts, texts and rows');
  assert.deepEqual((v[0].rows as Row[]).map((r) => `${r.kind} ${path.basename(String(r.file_name))}:${r.line_number} by ${path.basename(String(r.by_file_name))}:${r.by_line_number}`), [
    'dead_after_reject hba_inc.conf:2 by pg_hba.conf:4',
    'shadowed hba_inc.conf:4 by hba_inc.conf:3',
    'shadowed pg_hba.conf:10 by pg_hba.conf:8',
  ]);
  assert.deepEqual((v[1].rows as Row[]).map((r) => `${r.auth_method}@${r.line_number}/${r.addr_class}`), ['trust@6/anywhere', 'password@11/anywhere']);
  // pg_authid is not readable by hba_reader: Failed, not a guess
  assert.equal(f[2].status, 'Failed');
  assert.deepEqual(f[2].rows, []);

  await c.query('GRANT SELECT ON pg_authid TO hba_reader');
  try {
    const withAuthid = findingsOf(await json(['--findings', '--hba-file', hbaPath], 'hba_reader'));
    assert.deepEqual(withAuthid, v);
  } finally {
    await c.query('REVOKE SELECT ON pg_authid FROM hba_reader');
  }
});

test('a file that differs from the loaded one is analysed as written, its bad lines reported', async () => {
  const other = path.join(path.dirname(hbaPath), 'candidate.conf');
  writeFileSync(other, 'local all all peer\nhost all all 0.0.0.0/0 trust\nhost all all 10.0.0.0/8\ninclude_if_exists none.conf\n');
  const find = await json(['--findings', '--hba-file', other], 'hba_reader');
  assert.deepEqual(find.file_errors, [{ file_name: other, line_number: 3, error: 'end-of-line before authentication method' }]);
  const remote = find.results.find((r: Row) => r.check_id === 'hba_remote_trust');
  assert.equal(remote.status, 'Error', JSON.stringify(remote));
  assert.ok(remote.rows.every((r: Row) => r.line_number === 2 && r.error_lines === 1), JSON.stringify(remote.rows));
  const text = await cli(['hba', '--hba-file', other, ...connArgs(c, 'hba_reader')]);
  assert.equal(text.code, 0, text.stderr);
  assert.equal(text.stderr, `sec-check hba: ${other} line 3: end-of-line before authentication method (line ignored)\n`);
  assert.match(text.stdout, /^hba_alice\s+postgres\s+anywhere\s+203\.0\.113\.7\s+trust\s+candidate\.conf:2\s/m);
  const textFind = await cli(['hba', '--findings', '--hba-file', other, ...connArgs(c, 'hba_reader')]);
  assert.equal(textFind.code, 0, textFind.stderr);
  const out = textFind.stdout.trimEnd().split('\n');
  assert.deepEqual(out.map((l) => l.split(':').slice(0, 2).join(':')),
    ['hba_shadowed_lines: Warning', 'hba_remote_trust: Error', 'hba_weak_effective_method: Failed']);
  assert.doesNotMatch(textFind.stdout, /<\/?(p|code)>/);
});

// lines whose view rows do not depend on how the server was built (gss, ldap, pam support) or
// on method-specific option rules, which the parser does not know
const ZOO = `local all all ident
local "all" "sameuser" trust
local sameuser,samerole,"replication" +g md5
host all all 2001:DB8::1/64 scram-sha-256
host all all samehost trust
host all all .example.com trust
hostssl all all 10.0.0.0/8 cert
host all /^a.*$ 10.0.0.0/8 md5
host all all 10.0.0.1 255.255.0.0 md5
host all all 10.0.0.0/8 md5 bogus=1
host all all 10.0.0.0/8 md5 map
host all all 10.0.0.0/33 md5
host all all fe80::1%lo/64 md5
host all all ::1.2.3.4/128 md5
host all all ::ffff:10.0.0.1/128 md5
local all all cert
host all all 10.0.0.0/8 peer
host all all 10.0.0.0/8
nohost all all trust
include zoo_sub.conf
include_dir zoo_nodir
include zoo_nofile.conf
include_if_exists zoo_nofile2.conf
host all "a b",c 10.0.0.0/8 password # comment "x
`;

test("a zoo of line forms: the parser's rows equal the view's (which reads the file as it is now)", async () => {
  writeFileSync(path.join(path.dirname(hbaPath), 'zoo_sub.conf'), 'host all all 10.9.0.0/16 \\\n  md5\n');
  writeFileSync(hbaPath, ZOO);
  try {
    const view = await c.query<Row>(`SELECT rule_number, file_name, line_number, type, database, user_name, address, netmask,
                                            auth_method, options, error FROM pg_hba_file_rules ORDER BY file_name, line_number`);
    const ssl = (await c.query<{ s: string }>(`SELECT setting AS s FROM pg_settings WHERE name = 'ssl'`))[0].s === 'on';
    const order = (a: HbaFileRule, b: HbaFileRule) => (a.file_name < b.file_name ? -1 : a.file_name > b.file_name ? 1 : a.line_number - b.line_number);
    const parsed = readHbaFile(hbaPath, { ssl }).sort(order).map(({ database_tokens: _d, user_tokens: _u, ...r }) => r);
    assert.deepEqual(parsed, view);
    assert.ok(view.filter((r) => r.error !== null).length >= 8, 'the malformed lines are there');
  } finally {
    writeFileSync(hbaPath, MAIN);
  }
});
