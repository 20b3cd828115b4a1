// Stored runs render like fresh ones: an in-database run (as pg_cron would make) comes out
// of `sec-check report --run latest` as the same JSON and an HTML page with every check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Cluster } from '../../src/harness/index.ts';
import { CATALOG, cli, connArgs, startPg18WithSecCheck, tempPrefix } from './support.ts';
import { reportValidator } from '../report/load.ts';

const validate = reportValidator();
const assertValid = (doc: unknown, what: string) => assert.equal(validate(doc), true, `${what}: ${JSON.stringify(validate.errors)}`);

let pg: Cluster;
before(async () => { pg = await startPg18WithSecCheck(); });
after(async () => { await pg?.stop(); });

test('report --run latest reproduces an in-database run as JSON and HTML', async () => {
  const rows = await pg.query(`SELECT run_id, check_name, status FROM sec_check.run(ARRAY['logging', 'access'])`);
  const out = tempPrefix('stored');
  const res = await cli(['report', ...connArgs(pg), '--run', 'latest', '--format', 'Full', '--output', out]);
  assert.equal(res.code, 0, res.stderr);
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  const [{ doc }] = await pg.query('SELECT sec_check.report_json($1) AS doc', [rows[0].run_id]);
  assert.deepEqual(report, doc);
  assertValid(doc, 'report_json of an in-database run');
  assert.equal(report.run.id, Number(rows[0].run_id));
  assert.equal(report.run.origin, 'database');
  // run() returns its rows highest priority first; the report keeps catalog order
  const byName = (a: string[], b: string[]) => a[0].localeCompare(b[0]);
  assert.deepEqual(report.results.map((r: { name: string; status: string }) => [r.name, r.status]).sort(byName), rows.map((r) => [r.check_name, r.status]).sort(byName));
  const html = readFileSync(`${out}_web/index.html`, 'utf8');
  const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  for (const r of rows) assert.ok(html.includes(escapeHtml(r.check_name)) || html.includes(JSON.stringify(r.check_name).slice(1, -1)), r.check_name);
});

test('a run stored by the agent renders back to the host checks of the report it wrote', async () => {
  const first = tempPrefix('agent');
  const res = await cli(['run', ...connArgs(pg), '--config', CATALOG, '--groups', 'permissions', '--format', 'Json', '--output', first, '--store', '--fail-on', 'never']);
  assert.equal(res.code, 0, res.stderr);
  const full = JSON.parse(readFileSync(`${first}.json`, 'utf8'));
  assertValid(full, 'the CLI report');
  // the agent posts only what needs the host: SQL checks are recorded by sec_check.run()
  type Result = { status: string; short_description: string; executors: { kind: string; skipped?: string }[] };
  const hostOnly = full.results.filter((r: Result) => r.executors.some((e) => e.kind === 'shell' && !e.skipped));
  assert.ok(hostOnly.length >= 1 && hostOnly.length < full.results.length, `${hostOnly.length} of ${full.results.length} are host checks`);
  assert.match(res.stdout, new RegExp(`stored run ${full.run.id}: ${hostOnly.length} host checks?`));
  const written = { ...full, results: hostOnly };
  const again = tempPrefix('again');
  const res2 = await cli(['report', ...connArgs(pg), '--run', String(written.run.id), '--format', 'Json,Sarif,Junit', '--output', again]);
  assert.equal(res2.code, 0, res2.stderr);
  const rendered = JSON.parse(readFileSync(`${again}.json`, 'utf8'));
  assert.deepEqual(rendered.results.map((r: { status: string; short_description: string }) => [r.status, r.short_description]),
    written.results.map((r: { status: string; short_description: string }) => [r.status, r.short_description]));
  assert.equal(rendered.summary.total, hostOnly.length);
  assert.equal(rendered.run.origin, 'agent');
  assert.equal(rendered.run.posted_by, 'postgres');
  assert.ok(existsSync(`${again}.sarif`) && existsSync(`${again}.junit.xml`));
});

test('report exit codes: 2 for a missing run, a bad --run, an unreachable server', async () => {
  const missing = await cli(['report', ...connArgs(pg), '--run', '999999', '--output', tempPrefix('x')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /run 999999 not found/);
  const bad = await cli(['report', ...connArgs(pg), '--run', 'yesterday']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /invalid --run value "yesterday": expected current \(the default\), latest or a run id \(positive integer\)/);
  const down = await cli(['report', '--host', '/nonexistent', '--port', '5999', '--run', 'latest']);
  assert.equal(down.code, 2);
  assert.match(down.stderr, /cannot connect/);
});

test('run exit codes: 1 at or above --fail-on (default Error), 0 below it or with never', async () => {
  // The throwaway cluster trusts every local and host connection: the catalog finds Errors.
  const run = (...extra: string[]) => cli(['run', ...connArgs(pg), '--config', CATALOG, '--format', 'Json', '--output', tempPrefix('exit'), ...extra]);
  const byDefault = await run();
  assert.equal(byDefault.code, 1, byDefault.stderr);
  assert.match(byDefault.stdout, /ERROR/);
  assert.doesNotMatch(byDefault.stdout + byDefault.stderr, /\r/, 'no progress line when not on a terminal');
  assert.equal((await run('--fail-on', 'never')).code, 0);
  assert.equal((await run('--groups', 'replication', '--fail-on', 'Error')).code, 0, 'the replication group has no Error here');
  assert.equal((await run('--groups', 'replication', '--fail-on', 'Info')).code, 1);
});

test('on a terminal the run shows a self-erasing progress line', async () => {
  const { spawnSync } = await import('node:child_process');
  const { CLI } = await import('./support.ts');
  const cmd = [process.execPath, CLI, 'run', ...connArgs(pg), '--config', CATALOG, '--format', 'Json', '--output', tempPrefix('tty'), '--fail-on', 'never']
    .map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const res = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /\r[|/\\-] auditing… \d+ s/);
  assert.match(res.stdout, /\r\x1b\[K/);
});
