// pg_hba.conf first-match analysis (checks hba_shadowed_lines, hba_remote_trust,
// hba_weak_effective_method) on real PostgreSQL 18 and 14 servers: a crafted file with a
// shadowed line, a line dead behind a reject, a remote trust line, an IPv6 line and a +group
// line gives exactly those five findings, with their file and line numbers, and nothing else;
// on 18 the same through an include file (rule_number/file_name columns, 16+); the fixtures of
// every check that includes the shared hba-first-match block keep their verdicts; the matrix
// of sec_check.hba_first_match() (extension) equals `sec-check hba --format json` (CLI); the
// checks give the same verdicts inside the database (pljs).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadPackFromConfig, type DiskPack } from '../../src/session/node-pack.ts';
import type { CheckResult } from '../../src/core/report.ts';
import { startFixtureServer, type FixtureEnv } from '../catalog/fixture-hooks.ts';
import { auditAs, loadFixtures, planSteps, runStep } from '../catalog/fixture-runner.ts';
import { CATALOG, cli, connArgs, startPg18WithSecCheck } from './support.ts';
import type { Cluster } from '../../src/harness/index.ts';

const IDS = ['hba_shadowed_lines', 'hba_remote_trust', 'hba_weak_effective_method'];
/** every SQL check whose query includes the hba-first-match block, and the new ones */
const BLOCK_USERS = ['unix_socket_login', 'remote_superuser', 'ssl_usage', 'host_login', ...IDS];

const ROLES = `CREATE ROLE hba_grp NOLOGIN; CREATE ROLE hba_alice LOGIN; CREATE ROLE hba_bob LOGIN IN ROLE hba_grp;
  CREATE ROLE hba_carol LOGIN; CREATE ROLE hba_dave LOGIN; CREATE ROLE hba_erin LOGIN PASSWORD 'hba-erin-pw-1' IN ROLE hba_grp;
  CREATE ROLE hba_sub NOLOGIN IN ROLE hba_grp; CREATE ROLE hba_fay LOGIN IN ROLE hba_sub`;

// line numbers are the file's own: comments and blank lines count
const CRAFTED = `# crafted by hba-analysis.test.ts
local   all  all                        peer map=m

host    all  all        10.0.0.0/8         reject
host    all  hba_alice  10.20.0.0/16       scram-sha-256
host    all  hba_alice  172.16.0.0/12      scram-sha-256
host    app  hba_alice  172.16.5.0/24      scram-sha-256
host    all  hba_carol  198.51.100.0/24    trust
host    all  hba_dave   2001:db8::/32      md5
host    all  +hba_grp   192.168.0.0/16     md5
hostnossl all hba_fay   192.168.7.0/24     scram-sha-256
`;
// hba_fay (member of hba_grp through hba_sub) on line 11 is shadowed by the +group line 10 too

type Row = Record<string, unknown>;
const rows = (r: CheckResult | undefined): Row[] => {
  assert.ok(r, 'the check is in the report');
  assert.equal(r.executors[0].error ?? null, null, `${r.check_id}: executor error`);
  return r.executors[0].rows ?? [];
};
const pick = (list: Row[], keys: string[]) => list.map((x) => Object.fromEntries(keys.map((k) => [k, x[k]])));
const base = (f: unknown) => path.basename(String(f));

async function writeHbaFiles(env: FixtureEnv, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(env.cluster.dataDir, name), text);
  const before = (await env.cluster.query<{ t: string }>('SELECT pg_conf_load_time()::text AS t'))[0].t;
  await env.cluster.query('SELECT pg_reload_conf()');
  const end = Date.now() + 20_000;
  for (;;) {
    const r = await env.cluster.query<{ done: boolean; errors: string | null }>(
      `SELECT pg_conf_load_time() > $1::timestamptz AS done,
              (SELECT string_agg(line_number || ': ' || error, '; ') FROM pg_hba_file_rules WHERE error IS NOT NULL) AS errors`, [before]);
    if (r[0].done) { assert.equal(r[0].errors, null, 'the new pg_hba.conf has no error lines'); return; }
    assert.ok(Date.now() < end, 'the server reloaded its configuration');
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function analysis(env: FixtureEnv, pack: DiskPack) {
  const report = await auditAs(env, pack, ['connections']);
  const by = new Map(report.results.map((r) => [r.check_id, r]));
  return {
    results: IDS.map((id) => by.get(id)!),
    shadowed: rows(by.get('hba_shadowed_lines')).filter((x) => x.kind !== null),
    remote: rows(by.get('hba_remote_trust')).filter((x) => x.line !== null),
    weak: rows(by.get('hba_weak_effective_method')).filter((x) => x.rolname !== null),
  };
}

let pack: DiskPack;
before(() => { pack = loadPackFromConfig(CATALOG); });

for (const major of [18, 14] as const) {
  describe(`PostgreSQL ${major}`, () => {
    let env: FixtureEnv;
    before(async () => {
      env = await startFixtureServer(major);
      // the 14 fixture server has no ident map: the same "m" as on 18
      writeFileSync(path.join(env.cluster.dataDir, 'pg_ident.conf'), 'm /^.*$ postgres\n');
      await env.cluster.query(ROLES);
    });
    after(async () => { await env?.stop(); });

    test('the crafted file gives exactly its five findings, with file and line numbers', async () => {
      await writeHbaFiles(env, { 'pg_hba.conf': CRAFTED });
      const a = await analysis(env, pack);
      assert.deepEqual(a.results.map((r) => r.status), ['Warning', 'Error', 'Warning']);
      assert.deepEqual(pick(a.shadowed, ['kind', 'line_number', 'by_line_number']), [
        { kind: 'dead_after_reject', line_number: 5, by_line_number: 4 },
        { kind: 'shadowed', line_number: 7, by_line_number: 6 },
        { kind: 'shadowed', line_number: 11, by_line_number: 10 },
      ]);
      assert.deepEqual(a.shadowed.map((x) => base(x.file_name)), ['pg_hba.conf', 'pg_hba.conf', 'pg_hba.conf']);
      assert.match(String(a.shadowed[0].fix), /^remove line 5 of \/.*pg_hba\.conf \(.*line 4 of /);
      assert.deepEqual(pick(a.remote, ['line_number', 'auth_method', 'addr_class', 'example_role', 'roles']), [
        { line_number: 8, auth_method: 'trust', addr_class: 'anywhere', example_role: 'hba_carol', roles: 1 },
      ]);
      // hba_erin has a SCRAM verifier (md5 lines run SCRAM for her); hba_fay reaches line 10 through hba_sub
      // one finding per deciding line, class and verifier kind, naming its roles
      assert.deepEqual(pick(a.weak, ['rolname', 'roles', 'rolnames', 'addr_class', 'auth_method', 'line_number', 'verifier']), [
        { rolname: 'hba_bob', roles: 2, rolnames: 'hba_bob, hba_fay', addr_class: 'private', auth_method: 'md5', line_number: 10, verifier: 'none' },
        { rolname: 'hba_dave', roles: 1, rolnames: 'hba_dave', addr_class: 'anywhere', auth_method: 'md5', line_number: 9, verifier: 'none' },
      ]);
      assert.match(a.results[0].full_description, /line 5: host all hba_alice 10\.20\.0\.0\/255\.255\.0\.0 scram-sha-256 \(covered by line 4: host all all 10\.0\.0\.0\/255\.0\.0\.0 reject\)/);
      assert.match(a.results[2].full_description, /hba_dave from anywhere: md5 by line 9: host all hba_dave 2001:db8::\/ffff:ffff:: md5/);
    });

    test('a file without these problems passes all three', async () => {
      await writeHbaFiles(env, { 'pg_hba.conf': `local all all peer map=m
host all all 10.0.0.0/8 reject
host all all 127.0.0.1/32 trust
host all hba_alice 172.16.0.0/12 scram-sha-256
host all +hba_grp ::/0 scram-sha-256
host all hba_fay 0.0.0.0/0 scram-sha-256
` });
      const a = await analysis(env, pack);
      // loopback trust is local: not remote; but it is weak for every login role on this host
      assert.deepEqual(a.shadowed, []);
      assert.deepEqual(a.remote, []);
      assert.ok(a.weak.length > 0 && a.weak.every((x) => x.addr_class === 'loopback' && x.auth_method === 'trust' && x.line_number === 3),
        JSON.stringify(a.weak));
      await writeHbaFiles(env, { 'pg_hba.conf': 'local all all peer map=m\nhost all all 127.0.0.1/32 scram-sha-256\n' });
      const b = await analysis(env, pack);
      assert.deepEqual(b.results.map((r) => r.status), ['Success', 'Success', 'Success']);
    });

    if (major === 18) {
      test('include files: lines are named by file and line, and shadow across files', async () => {
        await writeHbaFiles(env, {
          'hba_extra.conf': `# included
host all hba_alice 172.16.0.0/12 scram-sha-256
host all hba_alice 172.16.9.0/24 trust
`,
          'pg_hba.conf': `local all all peer map=m
host all all 10.0.0.0/8 reject
include hba_extra.conf
host app hba_alice 172.16.1.0/24 scram-sha-256
host all hba_alice 10.30.0.0/16 md5
`,
        });
        const a = await analysis(env, pack);
        assert.deepEqual(pick(a.shadowed, ['kind', 'line_number', 'by_line_number']).map((x, i) => ({
          ...x, file: base(a.shadowed[i].file_name), by_file: base(a.shadowed[i].by_file_name),
        })), [
          { kind: 'shadowed', line_number: 3, by_line_number: 2, file: 'hba_extra.conf', by_file: 'hba_extra.conf' },
          { kind: 'shadowed', line_number: 4, by_line_number: 2, file: 'pg_hba.conf', by_file: 'hba_extra.conf' },
          { kind: 'dead_after_reject', line_number: 5, by_line_number: 2, file: 'pg_hba.conf', by_file: 'pg_hba.conf' },
        ]);
        assert.match(String(a.shadowed[0].fix), /^remove line 3 of \/.*hba_extra\.conf /);
        assert.deepEqual(a.remote, [], 'the shadowed trust line decides nothing');
        assert.deepEqual(a.weak, [], 'the md5 line is dead');
      });
    }

    test('the fixtures of every check using the hba-first-match block keep their verdicts', async () => {
      await writeHbaFiles(env, { 'pg_hba.conf': 'local all all trust\n' });
      const cases = loadFixtures('checks').filter((k) => BLOCK_USERS.includes(k.id));
      const steps = planSteps(cases, major);
      if (major === 18) assert.ok(steps.length >= 4, `${steps.length} steps`);
      const wrong: string[] = [];
      for (const step of steps) wrong.push(...(await runStep(env, pack, step)).wrong);
      assert.deepEqual(wrong, []);
    });
  });
}

describe('the first-match matrix: sec_check.hba_first_match() and sec-check hba', () => {
  let c: Cluster;
  before(async () => {
    c = await startPg18WithSecCheck();
    writeFileSync(path.join(c.dataDir, 'pg_ident.conf'), 'm /^.*$ postgres\n');
    await c.query(ROLES);
    const before = (await c.query<{ t: string }>('SELECT pg_conf_load_time()::text AS t'))[0].t;
    writeFileSync(path.join(c.dataDir, 'pg_hba.conf'), CRAFTED);
    await c.query('SELECT pg_reload_conf()');
    for (let i = 0; ; i++) {
      if ((await c.query<{ d: boolean }>('SELECT pg_conf_load_time() > $1::timestamptz AS d', [before]))[0].d) break;
      assert.ok(i < 200, 'reloaded');
      await new Promise((res) => setTimeout(res, 100));
    }
  });
  after(async () => { await c?.stop(); });

  test('the extension function and the CLI give the same matrix, with the deciding lines', async () => {
    const fromDb = await c.query<Row>('SELECT * FROM sec_check.hba_first_match()');
    const run = await cli(['hba', '--format', 'json', ...connArgs(c)]);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as { format: string; rows: Row[] };
    assert.equal(doc.format, 'sec_check-hba-matrix');
    assert.deepEqual(doc.rows, fromDb);
    const cells = (role: string, cls: string) => fromDb.filter((r) => r.rolname === role && r.datname === 'postgres' && r.addr_class === cls)
      .map((r) => `${r.auth_method ?? 'refused'}@${r.line_number ?? '-'}`);
    assert.deepEqual(cells('hba_bob', 'local'), ['peer@2']);
    assert.deepEqual(cells('hba_bob', 'loopback'), ['refused@-']);
    assert.deepEqual(cells('hba_bob', 'private'), ['reject@4', 'md5@10', 'refused@-']);
    assert.deepEqual(cells('hba_dave', 'anywhere'), ['md5@9', 'refused@-']);
    assert.deepEqual(cells('hba_carol', 'anywhere'), ['trust@8', 'refused@-']);
    assert.deepEqual(cells('hba_alice', 'private'), ['reject@4', 'scram-sha-256@6', 'refused@-']);
    // replication: only for roles with REPLICATION or SUPERUSER, and no line names it here
    assert.ok(fromDb.some((r) => r.rolname === 'postgres' && r.datname === 'replication' && r.line_number === null));
    assert.ok(!fromDb.some((r) => r.rolname === 'hba_bob' && r.datname === 'replication'));
    assert.equal(new Set(fromDb.map((r) => r.rolname)).has('hba_grp'), false, 'NOLOGIN roles are not in the matrix');

    // the three checks inside the database (pljs): the verdicts and lines of the Node runs above
    const inDb = await c.query<Row>(`SELECT check_id, status, full_description FROM sec_check.run('connections')
                                      WHERE check_id IN ('hba_shadowed_lines', 'hba_remote_trust', 'hba_weak_effective_method') ORDER BY check_id`);
    assert.deepEqual(inDb.map((r) => [r.check_id, r.status]),
      [['hba_remote_trust', 'Error'], ['hba_shadowed_lines', 'Warning'], ['hba_weak_effective_method', 'Warning']]);
    assert.match(String(inDb[1].full_description), /line 5: host all hba_alice 10\.20\.0\.0\/255\.255\.0\.0 scram-sha-256 \(covered by line 4:/);
    assert.match(String(inDb[2].full_description), /hba_bob, hba_fay from private networks: md5 by line 10: host all \+hba_grp/);

    const text = await cli(['hba', '--role', 'hba_dave', ...connArgs(c)]);
    assert.equal(text.code, 0, text.stderr);
    const lines = text.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^ROLE\s+DATABASE\s+CLASS\s+ADDRESS\s+METHOD\s+LINE\s+TRANSPORTS$/);
    assert.ok(lines.slice(1).every((l) => l.startsWith('hba_dave ')), text.stdout);
    assert.ok(lines.some((l) => /^hba_dave\s+postgres\s+anywhere\s+[0-9a-f.:]+\s+md5\s+pg_hba\.conf:9\s+gss,plain(,ssl)?$/.test(l)), text.stdout);
    // each row names the address it means, not only its class
    assert.ok(lines.slice(1).filter((l) => /\sloopback\s/.test(l)).every((l) => /\sloopback\s+(127\.[0-9.]+|::1)\s/.test(l)), text.stdout);
    assert.ok(lines.slice(1).filter((l) => /\slocal\s/.test(l)).every((l) => /\slocal\s+socket\s/.test(l)), text.stdout);
  });
});
