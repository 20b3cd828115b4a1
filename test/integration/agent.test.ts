// The host agent as a service (issue 15) on PostgreSQL 18 + pljs: `sec-check agent --every`
// posts host checks next to the in-database SQL verdicts, its freshness check fails once it
// stops, it survives a server outage without losing or duplicating a post, two agents never
// overlap, and the npm tarball and the PGXN zip each install and run in a clean directory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';
import { CLI, connArgs, REPO, startPg18WithSecCheck } from './support.ts';

type Row = Record<string, any>;
let cluster: Cluster;

before(async () => {
  cluster = await startPg18WithSecCheck();
  await cluster.query(`CREATE ROLE agent LOGIN`);
  // as the README says: the host checks find PGDATA through data_directory
  await cluster.query(`SELECT sec_check.grant_agent_access('agent'); GRANT pg_read_all_settings TO agent`);
  // the in-database verdicts of the SQL checks (host checks are Skipped there)
  await cluster.query(`SELECT count(*) FROM sec_check.run()`);
});
after(async () => {
  await cluster?.stop();
});

interface Agent { child: ChildProcess; lines: () => Row[]; stderr: () => string; waitFor: (pred: (l: Row[]) => boolean, ms?: number) => Promise<Row[]>; stop: () => Promise<number> }

/** Starts the built CLI's agent; stdout is JSON lines. */
function startAgent(args: string[], cli = CLI): Agent {
  const child = spawn(process.execPath, [cli, 'agent', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b) => { out += b; });
  child.stderr!.on('data', (b) => { err += b; });
  const exited = new Promise<number>((done) => child.on('close', (code) => done(code ?? -1)));
  const lines = () => out.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  return {
    child,
    lines,
    stderr: () => err,
    async waitFor(pred, ms = 90_000) {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const l = lines();
        if (pred(l)) return l;
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`agent did not get there; stdout:\n${out}\nstderr:\n${err}`);
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

const cycles = (l: Row[]) => l.filter((x) => x.event === 'cycle');
const posted = (l: Row[]) => cycles(l).filter((x) => x.run_id != null);

/** Run ids of every post the agent reported, first tries and retries. */
function postedIds(l: Row[]): number[] {
  return [...posted(l).map((x) => Number(x.run_id)), ...cycles(l).flatMap((x) => x.retried.map((r: Row) => Number(r.run_id)))];
}

test('agent --every 2s posts three host-check runs; latest_results merges them with the in-database SQL verdicts', async () => {
  const agent = startAgent(['--every', '2s', ...connArgs(cluster, 'agent')]);
  const lines = await agent.waitFor((l) => posted(l).length >= 3);
  assert.equal(await agent.stop(), 0, 'SIGTERM ends it cleanly');
  const all = agent.lines();
  const last = all[all.length - 1];
  assert.equal(last.event, 'stop');
  assert.equal(last.pending, 0);
  for (const c of posted(lines).slice(0, 3)) {
    assert.ok(c.checks > 0 && c.posted === c.checks, JSON.stringify(c));
    assert.deepEqual(c.errors, []);
    assert.equal(typeof c.duration_ms, 'number');
    assert.equal(Object.values(c.counts as Record<string, number>).reduce((a, b) => a + b, 0), c.checks);
  }
  const ids = posted(lines).slice(0, 3).map((c) => Number(c.run_id));
  const runs: Row[] = await cluster.query(`SELECT id, origin, posted_by, run_by FROM sec_check.runs WHERE id = ANY($1::bigint[]) ORDER BY id`, [ids]);
  assert.equal(runs.length, 3);
  for (const r of runs) assert.deepEqual([r.origin, r.posted_by, r.run_by], ['agent', 'agent', 'agent']);

  const latest: Row[] = await cluster.query(`SELECT section, check_id, origin, status FROM sec_check.latest_results`);
  const fromAgent = latest.filter((r) => r.origin === 'agent');
  const fromDb = latest.filter((r) => r.origin === 'database');
  assert.ok(fromAgent.some((r) => r.check_id === 'pgdata_permissions'), 'a host check from the agent');
  assert.ok(fromAgent.every((r) => r.status !== 'Skipped'));
  const pgdata = fromAgent.find((r) => r.check_id === 'pgdata_permissions')!;
  assert.ok(pgdata.status !== 'Failed', `the agent verified PGDATA (${pgdata.status})`);
  assert.ok(fromDb.some((r) => r.check_id === 'password_encryption'), 'a SQL check from the database');
  assert.ok(!fromDb.some((r) => r.check_id === 'pgdata_permissions'), 'the in-database Skipped host check gives way to the agent');
  // the agent ran only host checks: every result it stored has a shell executor
  const nonShell: Row[] = await cluster.query(`SELECT count(*)::int AS n FROM sec_check.results x JOIN sec_check.runs r ON r.id = x.run_id
     WHERE r.origin = 'agent' AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(x.raw) e WHERE e ->> 'kind' = 'shell')`);
  assert.equal(nonShell[0].n, 0);
});

test('agent freshness: fresh within agent_max_age, Failed once the stopped agent is older; the owner sets the age', async () => {
  const freshness = async (setting: string | null): Promise<Row> => {
    await cluster.query(`SELECT sec_check.configure('agent_max_age', $1)`, [setting]);
    const client = await cluster.connect();
    try {
      const rows = (await client.query(`SELECT status, short_description FROM sec_check.run('installation') WHERE check_id = 'agent_freshness'`)).rows;
      assert.equal(rows.length, 1);
      return rows[0];
    } finally {
      await client.end();
    }
  };
  try {
    const fresh = await freshness(null);
    assert.equal(fresh.status, 'Success', fresh.short_description);
    // wait (polling the view the check reads) until the newest agent verdict is older than 2 s
    const olderThan2s = async () => (await cluster.query(`SELECT floor(extract(epoch FROM statement_timestamp()
        - max(finished_at) FILTER (WHERE origin = 'agent'))) > 2 AS stale FROM sec_check.latest_results`))[0].stale === true;
    for (const until = Date.now() + 30_000; !(await olderThan2s()) && Date.now() < until;) await new Promise((r) => setTimeout(r, 200));
    const stale = await freshness('2s');
    assert.equal(stale.status, 'Failed', stale.short_description);
    assert.match(stale.short_description, /longer than agent_max_age = 2s \(sec_check\.config\)/);
    // a value that is not a duration never takes effect
    await assert.rejects(cluster.query(`SELECT sec_check.configure('agent_max_age', 'soon')`), /agent_max_age must be seconds or a number with a unit/);
    // the dashboards see it too
    const [row] = await cluster.query(`SELECT status, origin FROM sec_check.latest_results WHERE check_id = 'agent_freshness'`);
    assert.deepEqual([row.status, row.origin], ['Failed', 'database']);
  } finally {
    await cluster.query(`SELECT sec_check.configure('agent_max_age', NULL)`);
  }
});

test('server restarted under a running agent: it reconnects with backoff and posts again; nothing lost, nothing twice', async () => {
  const spool = join(mkdtempSync(join(tmpdir(), 'sec-check-agent-')), 'pending.json');
  const agent = startAgent(['--every', '2s', '--spool', spool, ...connArgs(cluster, 'agent')]);
  await agent.waitFor((l) => posted(l).length >= 1);
  const server = cluster as unknown as { stopServer(): Promise<void>; startServer(): Promise<void> };
  await server.stopServer();
  const down = await agent.waitFor((l) => cycles(l).some((c) => c.errors.length > 0));
  const failedAt = cycles(down).length;
  // still down: the agent retries with backoff (a second failed cycle) before the server is back
  await agent.waitFor((l) => cycles(l).filter((c) => c.errors.length > 0).length >= 2);
  await server.startServer();
  const lines = await agent.waitFor((l) => posted(l.filter((x) => x.event === 'cycle').slice(failedAt)).length >= 2);
  assert.equal(await agent.stop(), 0);
  const failures = cycles(lines).filter((c) => c.errors.length > 0);
  assert.ok(failures.length >= 1);
  assert.match(failures[0].errors[0], /connect|terminat|ECONNREFUSED|ENOENT|shut/i);

  // every cycle that produced a report was stored exactly once
  const audited = cycles(lines).filter((c) => c.cycle);
  const ids = postedIds(lines);
  const stored: Row[] = await cluster.query(`SELECT report #>> '{run,agent_cycle}' AS cycle, count(*)::int AS n, min(id) AS id
      FROM sec_check.runs WHERE origin = 'agent' GROUP BY 1`);
  const byCycle = new Map(stored.map((r) => [r.cycle, r]));
  for (const c of audited) {
    assert.ok(byCycle.has(c.cycle), `cycle ${c.cycle} was stored`);
    assert.equal(byCycle.get(c.cycle)!.n, 1, `cycle ${c.cycle} stored once`);
  }
  assert.ok(stored.every((r) => r.n === 1), 'no run stored twice');
  for (const id of ids) assert.ok(stored.some((r) => Number(r.id) === id));
  assert.deepEqual(JSON.parse(readFileSync(spool, 'utf8')), [], 'the spool is empty after the last post');
});

test('a cycle that cannot post stays pending and is posted by a later cycle, once', async () => {
  await cluster.query(`REVOKE EXECUTE ON FUNCTION sec_check.record_run(jsonb) FROM agent`);
  const agent = startAgent(['--every', '2s', ...connArgs(cluster, 'agent')]);
  try {
    const failing = await agent.waitFor((l) => cycles(l).filter((c) => c.errors.length > 0 && c.pending > 0).length >= 2);
    // the first cycle audited and could not post; later ones retry it first and audit again
    // only once it is stored (a refused post does not pile up audits)
    const unposted = cycles(failing).filter((c) => c.cycle && c.run_id == null).map((c) => c.cycle);
    assert.equal(unposted.length, 1, JSON.stringify(failing));
    assert.match(cycles(failing)[0].errors[0], /permission denied for function record_run/);
    await cluster.query(`GRANT EXECUTE ON FUNCTION sec_check.record_run(jsonb) TO agent`);
    const lines = await agent.waitFor((l) => posted(l).length >= 1);
    const retried = cycles(lines).flatMap((c) => c.retried);
    for (const cycle of unposted) assert.ok(retried.some((r: Row) => r.cycle === cycle && r.run_id != null && !r.duplicate), `${cycle} posted later`);
  } finally {
    await cluster.query(`GRANT EXECUTE ON FUNCTION sec_check.record_run(jsonb) TO agent`);
    assert.equal(await agent.stop(), 0);
  }
  const stored: Row[] = await cluster.query(`SELECT report #>> '{run,agent_cycle}' AS cycle, count(*)::int AS n FROM sec_check.runs WHERE origin = 'agent' GROUP BY 1 HAVING count(*) > 1`);
  assert.deepEqual(stored, []);
});

test('--spool: posts left by an earlier agent are posted first; a document the server refuses is named and dropped', async () => {
  const [{ id }] = await cluster.query(`SELECT max(id) AS id FROM sec_check.runs WHERE origin = 'agent'`);
  const [{ doc }] = await cluster.query(`SELECT sec_check.report_json($1) AS doc`, [id]);
  const valid = { cycle: 'spooled-valid', report: { ...doc, run: { ...doc.run, agent_cycle: 'spooled-valid' } } };
  const bogus = { cycle: 'spooled-bogus', report: { ...doc, format: 'something-else', run: { ...doc.run, agent_cycle: 'spooled-bogus' } } };
  const spool = join(mkdtempSync(join(tmpdir(), 'sec-check-agent-')), 'pending.json');
  writeFileSync(spool, JSON.stringify([valid, bogus]));
  const agent = startAgent(['--once', '--spool', spool, ...connArgs(cluster, 'agent')]);
  const lines = await agent.waitFor((l) => l.some((x) => x.event === 'stop'));
  const [c] = cycles(lines);
  assert.equal(c.retried.length, 1);
  assert.equal(c.retried[0].cycle, 'spooled-valid');
  assert.match(c.rejected[0].error, /not a sec_check report/);
  assert.ok(c.run_id != null, 'then its own cycle is posted');
  const stored: Row[] = await cluster.query(`SELECT report #>> '{run,agent_cycle}' AS cycle FROM sec_check.runs WHERE report #>> '{run,agent_cycle}' LIKE 'spooled-%'`);
  assert.deepEqual(stored.map((r) => r.cycle), ['spooled-valid']);
  assert.deepEqual(JSON.parse(readFileSync(spool, 'utf8')), []);
  // posting the same spool again stores nothing twice
  writeFileSync(spool, JSON.stringify([valid]));
  const again = startAgent(['--once', '--spool', spool, ...connArgs(cluster, 'agent')]);
  const [c2] = cycles(await again.waitFor((l) => l.some((x) => x.event === 'stop')));
  assert.equal(c2.retried[0].duplicate, true);
  assert.equal((await cluster.query(`SELECT count(*)::int AS n FROM sec_check.runs WHERE report #>> '{run,agent_cycle}' = 'spooled-valid'`))[0].n, 1);
});

test('two agents never overlap: while one holds the lock on the database, another cycle skips', async () => {
  const holder = await cluster.connect();
  try {
    await holder.query(`SELECT pg_advisory_lock(hashtext('sec_check.agent'))`);
    const before = (await cluster.query(`SELECT count(*)::int AS n FROM sec_check.runs WHERE origin = 'agent'`))[0].n;
    const agent = startAgent(['--once', ...connArgs(cluster, 'agent')]);
    const lines = await agent.waitFor((l) => l.some((x) => x.event === 'stop'));
    assert.match(cycles(lines)[0].skipped, /another agent holds the lock/);
    const after = (await cluster.query(`SELECT count(*)::int AS n FROM sec_check.runs WHERE origin = 'agent'`))[0].n;
    assert.equal(after, before);
  } finally {
    await holder.end();
  }
});

test('usage errors: no schedule, both schedules, a bad duration', async () => {
  for (const [args, msg] of [[[], /--once or --every/], [['--once', '--every', '1h'], /choose one/], [['--every', 'soon'], /not a duration/], [['--every', '0s'], /shorter than 1s/]] as const) {
    const agent = startAgent([...args, ...connArgs(cluster, 'agent')]);
    const code = await new Promise<number>((done) => agent.child.on('close', (c) => done(c ?? -1)));
    assert.equal(code, 2, String(args));
    assert.match(agent.stderr(), msg);
  }
});

test('--print-systemd: the PostgreSQL OS account, a read-only system, the password only from a credential', async () => {
  const text = execFileSync(process.execPath, [CLI, 'agent', '--print-systemd', '--every', '1h', '--host', '/run/postgresql', '--user', 'sec_agent', '--pgdata', '/srv/pg/data'], { encoding: 'utf8' });
  for (const want of ['User=postgres', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ReadOnlyPaths=/srv/pg/data', 'PrivateTmp=yes',
    'LoadCredential=pgpass:/etc/sec-check/pgpass', 'Environment=PGPASSFILE=%d/pgpass', 'Type=simple']) {
    assert.ok(text.split('\n').includes(want), `${want} in\n${text}`);
  }
  assert.match(text, /^ExecStart=\S+node \S+cli\.cjs agent --every 1h --host \/run\/postgresql --user sec_agent --spool /m);
  assert.doesNotMatch(text, /password|PGPASSWORD/i);
  const timer = execFileSync(process.execPath, [CLI, 'agent', '--print-systemd'], { encoding: 'utf8' });
  assert.match(timer, /Type=oneshot/);
  assert.match(timer, /^ExecStart=.* agent --once --spool \/var\/lib\/sec-check-agent\/pending\.json$/m);
  assert.match(timer, /^StateDirectory=sec-check-agent$/m);
  assert.match(timer, /# \/etc\/systemd\/system\/sec-check-agent\.timer\n\[Unit\][\s\S]*OnUnitActiveSec=1h/);
});

test('the npm pack tarball installs into an empty prefix without the registry and runs from there', async () => {
  const work = mkdtempSync(join(tmpdir(), 'sec-check-npm-'));
  // the tree is built already; --ignore-scripts: prepack would rebuild dist/ under the other test files
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: REPO, stdio: 'ignore' });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
  assert.ok(tarball);
  const prefix = join(work, 'prefix');
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--global', '--prefix', prefix, join(work, tarball)], { cwd: work, stdio: 'ignore' });
  const bin = join(prefix, 'bin', 'sec-check');
  const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version;
  assert.equal(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim(), version);
  const installed = join(prefix, 'lib/node_modules/sec_check');
  assert.ok(!existsSync(join(installed, 'node_modules/typescript')) && !existsSync(join(installed, 'node_modules/esbuild')), 'no dev dependencies');
  const out = join(work, 'out');
  execFileSync(bin, ['run', ...connArgs(cluster), '--config', join(installed, 'dist/catalog/config.json'), '--format', 'Json', '--output', out, '--fail-on', 'never'], { cwd: work, stdio: 'ignore' });
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  assert.ok(report.results.length > 50);
  assert.ok(report.results.some((r: Row) => r.status !== 'Skipped' && r.executors.some((e: Row) => e.kind === 'shell')), 'host checks ran');
  // the agent of the installed copy finds its built-in catalog by itself
  const agent = startAgent(['--once', ...connArgs(cluster, 'agent')], join(installed, 'dist/cli.cjs'));
  const lines = await agent.waitFor((l) => l.some((x) => x.event === 'stop'));
  assert.ok(cycles(lines)[0].run_id != null, JSON.stringify(lines));
});

test('the PGXN zip installs with make alone and CREATE EXTENSION works, fresh and as an upgrade', async () => {
  execFileSync(process.execPath, [join(REPO, 'scripts/dist.mjs')], { cwd: REPO, stdio: 'ignore' });
  const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version;
  const zip = join(REPO, 'dist', `sec_check-${version}.zip`);
  const work = mkdtempSync(join(tmpdir(), 'sec-check-pgxn-'));
  execFileSync('unzip', ['-q', zip, '-d', work]);
  const dir = join(work, `sec_check-${version}`);
  const files = execFileSync('find', ['.', '-type', 'f'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').sort();
  assert.ok(files.includes('./META.json') && files.includes('./Makefile') && files.includes('./README.md') && files.includes('./LICENSE') && files.includes('./extension/sec_check.control'));
  assert.ok(files.includes(`./extension/sec_check--${version}.sql`) && files.includes(`./extension/sec_check--0.3.0--${version}.sql`) && files.includes(`./extension/sec_check--0.2.0--0.3.0.sql`) && files.includes(`./extension/sec_check--0.1.0--0.2.0.sql`) && files.includes('./extension/sec_check--0.1.0.sql'));
  assert.ok(files.every((f) => !/\.(m?js|cjs|ts)$/.test(f)), 'no Node code in the zip');
  const meta = JSON.parse(readFileSync(join(dir, 'META.json'), 'utf8'));
  assert.equal(meta.version, version);
  assert.equal(meta.provides.sec_check.version, version);
  // one license, said the same everywhere
  assert.equal(meta.license, 'postgresql');
  assert.equal(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).license, 'PostgreSQL');
  assert.match(readFileSync(join(dir, 'LICENSE'), 'utf8'), /^PostgreSQL License\n/);
  // the Makefile needs make, sed and pg_config only (no npm, no build)
  assert.deepEqual([...new Set([...readFileSync(join(dir, 'Makefile'), 'utf8').matchAll(/\$\(shell (\S+)/g)].map((m) => m[1]))], ['sed', 'command', "'$(PG_CONFIG_FOUND)'"]);
  execFileSync('make', ['install', `PG_CONFIG=${cluster.install.pgConfig}`], { cwd: dir, stdio: 'ignore' });
  await cluster.query(`CREATE DATABASE fromzip`);
  const db = await cluster.connect('postgres', 'fromzip');
  try {
    await db.query(`CREATE EXTENSION pljs; CREATE EXTENSION sec_check VERSION '0.1.0'; ALTER EXTENSION sec_check UPDATE`);
    const { rows } = await db.query(`SELECT extversion FROM pg_extension WHERE extname = 'sec_check'`);
    assert.equal(rows[0].extversion, version);
    const run = await db.query(`SELECT count(*)::int AS n FROM sec_check.run('permissions')`);
    assert.ok(run.rows[0].n > 0);
    await db.query(`DROP EXTENSION sec_check; CREATE EXTENSION sec_check`);
  } finally {
    await db.end();
  }
});
