// sec-check fleet on six real servers (PostgreSQL 13 to 18) plus one that is down: six
// audited with scores and reports, one "unreachable" (with its error, never its password),
// every finding in the central channel table under its server, the finding → servers
// matrix matching the servers' own reports, hostile server names escaped in the HTML, and
// --store recording the run in the one server that has sec_check installed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureInstall, startCluster, type Cluster, type PgMajor } from '../../src/harness/index.ts';
import { cli, startPg18WithSecCheck } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'sec-check-fleet-'));
const MAJORS: PgMajor[] = [13, 14, 15, 16, 17];
const HOSTILE = '<img src=x onerror=alert(1)>&"pg13"';
const SECRET = 'down-server-Pa55word';
let servers: { name: string; cluster: Cluster }[] = [];
let pg18: Cluster;
let downPort = 0;

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

before(async () => {
  const started = await Promise.all([
    startPg18WithSecCheck(),
    ...MAJORS.map(async (m) => startCluster(await ensureInstall(m, { extras: false }))),
  ]);
  pg18 = started[0];
  servers = started.map((cluster) => {
    const major = Math.floor(cluster.versionNum / 10000);
    return { name: major === 13 ? HOSTILE : `pg${major}`, cluster };
  });
  await pg18.query('CREATE DATABASE central');
  downPort = await freePort();
});
after(async () => {
  await Promise.all(servers.map((s) => s.cluster.stop()));
});

test('six servers on six majors and one down: six reports, one unreachable, every finding in the central table', async () => {
  const pw = join(dir, 'down.pw');
  writeFileSync(pw, `${SECRET}\n`, { mode: 0o600 });
  chmodSync(pw, 0o600);
  const toml = (v: unknown) => JSON.stringify(v);
  const inventory = [
    ...servers.map((s, i) => `[[servers]]
name = ${toml(s.name)}
host = ${toml(s.cluster.socketDir)}
port = ${s.cluster.port}
database = "postgres"
user = "postgres"
tags = ["pg${Math.floor(s.cluster.versionNum / 10000)}", "${i % 2 ? 'odd' : 'even'}"]
`),
    `[[servers]]
name = "down"
host = "127.0.0.1"
port = ${downPort}
user = "auditor"
password_file = "down.pw"
tags = ["gone"]
`,
  ].join('\n');
  writeFileSync(join(dir, 'inventory.toml'), inventory);
  writeFileSync(join(dir, 'channel.toml'), `[alerts.postgres]\nhost = ${toml(pg18.socketDir)}\nport = ${pg18.port}\ndbname = "central"\n`);
  const out = join(dir, 'fleet');
  const spool = join(dir, 'spool');
  const res = await cli(['fleet', '--inventory', join(dir, 'inventory.toml'), '--concurrency', '4', '--timeout', '5m',
    '--channel', join(dir, 'channel.toml'), '--spool-dir', spool, '--output', out, '--store', '--fail-on', 'never']);
  assert.equal(res.code, 1, `an unreachable server makes the exit code 1\n${res.stdout}\n${res.stderr}`);
  const fleet = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  const html = readFileSync(`${out}.html`, 'utf8');
  assert.equal(fleet.servers.length, 7);
  assert.deepEqual(fleet.summary, { servers: 7, audited: 6, not_audited: 1, by_status: { audited: 6, unreachable: 1 } });
  const down = fleet.servers.find((s: { name: string }) => s.name === 'down');
  assert.equal(down.status, 'unreachable');
  assert.match(down.error, new RegExp(`cannot connect \\(127\\.0\\.0\\.1:${downPort} as auditor to database postgres\\): .*ECONNREFUSED`));
  assert.equal(down.report_file, null);
  for (const text of [res.stdout, res.stderr, html, JSON.stringify(fleet)]) assert.ok(!text.includes(SECRET), 'the password is never shown');

  const c = await pg18.connect('postgres', 'central');
  let total = 0;
  for (const s of servers) {
    const entry = fleet.servers.find((x: { name: string }) => x.name === s.name);
    const major = Math.floor(s.cluster.versionNum / 10000);
    assert.equal(entry.status, 'audited', `${s.name}: ${entry.error}`);
    assert.equal(Math.floor(Number(entry.server_version) ), major);
    assert.ok(typeof entry.score.percent === 'number' && entry.score.percent > 0 && entry.score.percent <= 100);
    assert.ok(existsSync(entry.report_file), `${entry.report_file} written`);
    const report = JSON.parse(readFileSync(entry.report_file, 'utf8'));
    assert.equal(Math.floor(report.run.server.version_num / 10000), major);
    const failing = report.results.filter((r: { status: string }) => ['Warning', 'Error', 'Failed'].includes(r.status));
    assert.ok(failing.length > 0);
    assert.ok(entry.worst.length > 0 && entry.worst.length <= 5);
    // the central table holds exactly this server's findings, under its address
    const label = `${s.cluster.socketDir}:${s.cluster.port}/postgres`;
    const rows = (await c.query('SELECT rule_id FROM pgsense.findings WHERE database = $1 ORDER BY 1', [label])).rows.map((r) => r.rule_id);
    assert.deepEqual(rows, failing.map((r: { check_id: string }) => r.check_id).sort(), `${s.name}: central rows = its findings`);
    total += rows.length;
    // the matrix lists this server under each of its findings and under no other
    for (const f of fleet.findings) {
      const listed = f.servers.some((x: { name: string }) => x.name === s.name);
      assert.equal(listed, failing.some((r: { check_id: string }) => r.check_id === f.check_id), `${f.check_id} / ${s.name}`);
    }
  }
  assert.equal(Number((await c.query('SELECT count(*) FROM pgsense.findings')).rows[0].count), total);
  assert.equal(fleet.channel.delivered, total);
  assert.equal(fleet.channel.pending, 0);
  await c.end();
  // --store: the server with sec_check has the run in its own tables; the others say why not
  const pg18Entry = fleet.servers.find((x: { name: string }) => x.name === 'pg18');
  assert.ok(pg18Entry.stored.run_id > 0, JSON.stringify(pg18Entry.stored));
  assert.equal((await pg18.query(`SELECT count(*)::int AS n FROM sec_check.runs WHERE id = $1 AND origin = 'agent'`, [pg18Entry.stored.run_id]))[0].n, 1);
  assert.equal(fleet.servers.find((x: { name: string }) => x.name === 'pg14').stored.note, 'sec_check is not installed in this database');
  // hostile names are text in the HTML
  assert.ok(!html.includes('<img'), 'no markup from a server name');
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;&amp;&quot;pg13&quot;'));
  assert.match(html, /<td>down<\/td>.*\n?.*unreachable/);
  assert.match(res.stdout, /fleet: 7 servers, 6 audited, 1 not audited/);
  console.log(res.stdout.split('\n').slice(0, 9).join('\n'));
});

test('a server that accepts and never answers is a timeout; the others are audited', async () => {
  const sockets: import('node:net').Socket[] = [];
  const silent = createServer((s) => { sockets.push(s); }); // accepts, never answers
  await new Promise<void>((done) => silent.listen(0, '127.0.0.1', () => done()));
  const port = (silent.address() as { port: number }).port;
  try {
    const pg14 = servers.find((s) => s.name === 'pg14')!.cluster;
    writeFileSync(join(dir, 'inv2.toml'), `[[servers]]\nname = "silent"\nhost = "127.0.0.1"\nport = ${port}\nuser = "postgres"\n\n` +
      `[[servers]]\nname = "pg14"\nhost = ${JSON.stringify(pg14.socketDir)}\nport = ${pg14.port}\nuser = "postgres"\ngroups = ["connections"]\n`);
    const out = join(dir, 'fleet2');
    const t0 = Date.now();
    const res = await cli(['fleet', '--inventory', join(dir, 'inv2.toml'), '--concurrency', '2', '--timeout', '5s', '--output', out, '--fail-on', 'never']);
    assert.equal(res.code, 1, res.stderr);
    assert.ok(Date.now() - t0 < 30_000, 'the fleet does not wait for the silent server');
    const fleet = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
    assert.deepEqual(fleet.servers.map((s: { name: string; status: string }) => [s.name, s.status]), [['silent', 'timeout'], ['pg14', 'audited']]);
    assert.equal(fleet.servers[0].error, 'not finished within 5000 ms');
    assert.ok(fleet.servers[1].counts.Success > 0);
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});
