// Bad input to `sec-check fix`: each case exits 2 with ONE line on stderr naming the option,
// file or value, prints no stack trace and writes no script (an existing --output is left
// as it was). One PG 18 server with sec_check and no stored run serves every case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, connArgs, REPO, startPg18WithSecCheck, tempPrefix } from './support.ts';

let pg: Cluster;
const dir = tempPrefix('bad-fix');
before(async () => {
  pg = await startPg18WithSecCheck();
  await pg.query('CREATE DATABASE fix_noext');
  mkdirSync(dir);
  writeFileSync(join(dir, 'not-json.json'), '{"format": ');
  writeFileSync(join(dir, 'not-report.json'), JSON.stringify({ format: 'something-else', results: [] }));
  writeFileSync(join(dir, 'existing.sql'), 'keep me\n');
  mkdirSync(join(dir, 'a-directory'));
});
after(async () => { await pg?.stop(); });

interface Case { name: string; args: () => string[]; stderr: RegExp; output?: string }
const conn = () => connArgs(pg);
const CASES: Case[] = [
  { name: 'neither --run nor --report, nothing stored yet', args: () => [...conn()], stderr: /there are no stored verdicts for database postgres \(run sec_check\.run\(\) or sec-check run --store first\)/ },
  { name: 'both --run and --report', args: () => [...conn(), '--run', 'latest', '--report', join(dir, 'not-report.json')], stderr: /give at most one of --run current\|latest\|ID or --report FILE/ },
  { name: '--run not a number', args: () => [...conn(), '--run', 'abc'], stderr: /invalid --run value "abc": expected current \(the default\), latest or a run id/ },
  { name: '--run zero', args: () => [...conn(), '--run', '0'], stderr: /invalid --run value "0"/ },
  { name: '--run negative', args: () => [...conn(), '--run=-3'], stderr: /invalid --run value "-3"/ },
  { name: '--run unknown id', args: () => [...conn(), '--run', '999999'], stderr: /run 999999 not found in sec_check\.runs/ },
  { name: '--run latest without any stored run', args: () => [...conn(), '--run', 'latest'], stderr: /there are no stored runs in sec_check\.runs/ },
  { name: '--run in a database without sec_check', args: () => [...conn().slice(0, -1), 'fix_noext', '--run', 'latest'], stderr: /cannot read the latest run: .*sec_check\.runs/ },
  { name: 'the current state in a database without sec_check', args: () => [...conn().slice(0, -1), 'fix_noext'], stderr: /sec_check is not installed in database fix_noext \(CREATE EXTENSION sec_check\)/ },
  { name: '--report missing file', args: () => [...conn(), '--report', join(dir, 'nope.json')], stderr: /--report .*nope\.json: file not found/ },
  { name: '--report not JSON', args: () => [...conn(), '--report', join(dir, 'not-json.json')], stderr: /--report .*not-json\.json: not valid JSON/ },
  { name: '--report not a report', args: () => [...conn(), '--report', join(dir, 'not-report.json')], stderr: /--report: .*not-report\.json is not a sec_check report/ },
  { name: '--report empty', args: () => [...conn(), '--report', ''], stderr: /--report/ },
  { name: '--output exists, no --force', args: () => [...conn(), '--run', 'latest', '--output', join(dir, 'existing.sql')], stderr: /--output: .*existing\.sql already exists \(give --force to replace it\)/, output: join(dir, 'existing.sql') },
  { name: '--output is a directory', args: () => [...conn(), '--run', 'latest', '--output', join(dir, 'a-directory'), '--force'], stderr: /--output: cannot write .*a-directory: it is a directory/ },
  { name: 'unknown option', args: () => [...conn(), '--run', 'latest', '--apply'], stderr: /Unknown option '--apply'/ },
  { name: '--force takes no value', args: () => [...conn(), '--run', 'latest', '--force=yes'], stderr: /--force/ },
  { name: 'unreachable server', args: () => ['--host', '/nonexistent-socket-dir', '--port', '1', '--user', 'postgres', '--database', 'postgres', '--run', 'latest'], stderr: /cannot connect \(\/nonexistent-socket-dir:1 as postgres to database postgres\)/ },
];

test('bad input to sec-check fix: exit 2, one line naming the problem, nothing written', async () => {
  const problems: string[] = [];
  for (const c of CASES) {
    const res = await cli(['fix', ...c.args()]);
    const lines = res.stderr.trim().split('\n');
    if (res.code !== 2) problems.push(`${c.name}: exit ${res.code} (${res.stderr.trim()})`);
    if (lines.length !== 1) problems.push(`${c.name}: ${lines.length} stderr lines: ${res.stderr}`);
    if (!c.stderr.test(res.stderr)) problems.push(`${c.name}: stderr ${JSON.stringify(res.stderr.trim())} does not match ${c.stderr}`);
    if (/\n\s+at /.test(res.stderr)) problems.push(`${c.name}: stack trace`);
    if (res.stdout !== '') problems.push(`${c.name}: stdout ${JSON.stringify(res.stdout.slice(0, 200))}`);
    if (c.output && readFileSync(c.output, 'utf8') !== 'keep me\n') problems.push(`${c.name}: ${c.output} was changed`);
  }
  assert.deepEqual(problems, []);
  assert.deepEqual((await pg.query('SELECT count(*)::int AS n FROM sec_check.runs'))[0].n, 0, 'nothing stored');
});

test('--force replaces an existing script; a run whose failing checks are all manual gives a script without statements', async () => {
  await pg.query(`SELECT count(*) FROM sec_check.run('installation')`);
  const target = join(dir, 'existing.sql');
  const res = await cli(['fix', ...conn(), '--run', 'latest', '--output', target, '--force']);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(res.stdout.trim(), target);
  const text = readFileSync(target, 'utf8');
  assert.match(text, /^-- sec_check fix script: REVIEW/);
  assert.ok(!existsSync(`${target}.tmp`));
  // nothing but comments and, at most, statements for failing installation checks
  const statements = text.split('\n').filter((l) => l.trim() && !l.startsWith('--'));
  assert.deepEqual(statements, [], text);
});

test('a changed fix query or fixes.json of the built-in catalog is refused before connecting (exit 2, the file named)', () => {
  for (const rel of ['catalog/access/public_schema/fix.sql', 'catalog/fixes.json']) {
    const dist = mkdtempSync(join(tmpdir(), 'sec-check-dist-'));
    cpSync(join(REPO, 'dist'), dist, { recursive: true });
    appendFileSync(join(dist, rel), rel.endsWith('.sql') ? ' -- changed\n' : ' ');
    const r = spawnSync(process.execPath, [join(dist, 'cli.cjs'), 'fix', '--host', '/nonexistent-socket-dir', '--port', '1', '--run', 'latest'], { encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`checksum mismatch: .*${rel.split('/').pop()!.replace('.', '\\.')}`));
    assert.doesNotMatch(r.stderr, /cannot connect/);
    assert.equal(r.stdout, '');
  }
});
