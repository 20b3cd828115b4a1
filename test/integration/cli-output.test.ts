// What the CLI prints and where: a short usage on stderr for a bare `sec-check`, the help on
// -? / --help with the connection options in every connecting command, -V; `--output -` and
// `/dev/stdout` write the document to stdout (never a file named "-.json") with the command's
// own lines on stderr; --format on fleet and pii; ddl --since with a duration; one table
// renderer (headers, aligned columns) for pii, fleet and hba. One PostgreSQL 18 with sec_check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';
import { CLI, SIMPLE, connArgs, startPg18WithSecCheck } from './support.ts';

let pg: Cluster;
const cwd = mkdtempSync(join(tmpdir(), 'sec-check-out-'));
before(async () => {
  pg = await startPg18WithSecCheck();
  await pg.query(`SELECT sec_check.ddl_audit_enable(); SELECT count(*) FROM sec_check.run('connections')`);
  await pg.query(`CREATE TABLE public.people (id int PRIMARY KEY, email text); INSERT INTO public.people SELECT g, 'person' || g || '@example.com' FROM generate_series(1, 30) g`);
});
after(async () => { await pg?.stop(); });

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => { stdout += b; });
    child.stderr.on('data', (b) => { stderr += b; });
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

test('bare sec-check: a short usage on stderr, exit 2; -? and --help: the help; -V: the version; -h is not help', async () => {
  const bare = await run([]);
  assert.equal(bare.code, 2);
  assert.equal(bare.stdout, '');
  assert.match(bare.stderr, /^usage: sec-check COMMAND \[options\]/);
  assert.ok(bare.stderr.split('\n').length <= 5, 'short');
  for (const flag of ['--help', '-?', 'help']) {
    const h = await run([flag]);
    assert.equal(h.code, 0, flag);
    assert.match(h.stdout, /^sec-check \d+\.\d+\.\d+ — PostgreSQL security audit/);
    assert.equal(h.stdout.match(/^Connection options/mg)?.length, 1, 'the connection options once');
  }
  assert.match((await run(['-V'])).stdout, /^\d+\.\d+\.\d+\n$/);
  const h = await run(['-h']);
  assert.equal(h.code, 2);
  assert.match(h.stderr, /"-h" before a command/);
});

test('every command that connects lists the connection options in its help', async () => {
  for (const cmd of ['run', 'report', 'pack', 'listen', 'ddl', 'agent', 'fix', 'pii', 'pgaudit', 'hba']) {
    const r = await run([cmd, '-?']);
    assert.equal(r.code, 0, cmd);
    for (const opt of ['-h, --host', '-p, --port', '-U, --user', '-d, --dbname', '-w, --no-password', '-W, --password']) assert.ok(r.stdout.includes(opt), `${cmd} --help lists ${opt}`);
  }
  assert.match((await run(['fleet', '--help'])).stdout, /--format F/);
  assert.match((await run(['pii', '--help'])).stdout, /--format text\|json\|html/);
});

test('run and report --output - (and /dev/stdout): the report on stdout, the summary on stderr, no file', async () => {
  for (const out of ['-', '/dev/stdout']) {
    const r = await run(['run', '--config', SIMPLE, '--fail-on', 'never', '--output', out, ...connArgs(pg)]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.format, 'sec_check-report');
    assert.match(r.stderr, /checks 2: Success/);
    assert.doesNotMatch(r.stderr, /wrote /);
  }
  const sarif = await run(['run', '--config', SIMPLE, '--fail-on', 'never', '--format', 'Sarif', '--output', '-', ...connArgs(pg)]);
  assert.equal(JSON.parse(sarif.stdout).version, '2.1.0');
  const stored = await run(['report', '--run', 'latest', '--output', '-', ...connArgs(pg)]);
  assert.equal(stored.code, 0, stored.stderr);
  assert.ok(JSON.parse(stored.stdout).results.length > 0);
  assert.deepEqual(readdirSync(cwd).filter((f) => !f.startsWith('fleet')), [], 'no file such as -.json or /dev/stdout.json');
});

test('pii: a table with a header on stdout; --format json --output - the document', async () => {
  const text = await run(['pii', '--schemas', 'public', ...connArgs(pg)]);
  assert.equal(text.code, 0, text.stderr);
  const lines = text.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^SEVERITY\s+CATEGORY\s+COLUMN\s+MATCHES\s+SAMPLE\s+PRIMARY KEY$/);
  const col = lines[0].indexOf('COLUMN');
  assert.ok(lines.slice(1, -1).every((l) => l.slice(col).startsWith('public.people.')), 'aligned under the header');
  assert.match(lines[lines.length - 1], /^\d+ findings in \d+ columns of 1 tables/);
  assert.equal(text.stderr, '');
  const json = await run(['pii', '--schemas', 'public', '--format', 'json', '--output', '-', ...connArgs(pg)]);
  assert.equal(JSON.parse(json.stdout).format, 'sec_check-pii');
  assert.match(json.stderr, /findings in \d+ columns/);
});

test('fleet: --format Json --output - writes fleet.json to stdout; the summary is a table; unreachable servers on stderr', async () => {
  const inv = join(cwd, 'fleet.toml');
  writeFileSync(inv, `[[servers]]\nname = "main"\nhost = ${JSON.stringify(pg.socketDir)}\nport = ${pg.port}\nuser = "postgres"\ngroups = ["connections"]\n\n[[servers]]\nname = "gone"\nhost = "/nonexistent"\nport = 1\n`);
  const r = await run(['fleet', '--inventory', inv, '--format', 'Json', '--output', '-']);
  assert.equal(r.code, 1, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(doc.servers.map((s: { name: string; status: string }) => [s.name, s.status]), [['main', 'audited'], ['gone', 'unreachable']]);
  assert.match(r.stderr, /^sec-check fleet: gone: unreachable \(cannot connect/m);
  assert.match(r.stderr, /^ {2}STATUS\s+SERVER\s+SCORE\s+TIME\s+PROBLEM$/m);
  assert.match(r.stderr, /^ {2}audited\s+main\s+[\d.]+%/m);
  const files = await run(['fleet', '--inventory', inv, '--format', 'Html', '--output', join(cwd, 'fleetx')]);
  assert.ok(readdirSync(cwd).includes('fleetx.html') && !readdirSync(cwd).includes('fleetx.json'), 'only the format asked for');
  assert.match(files.stdout, /^ {2}STATUS\s+SERVER/m);
});

test('ddl --since takes a duration back from the server clock; hba --output - prints the table', async () => {
  await pg.query('CREATE TABLE public.recent_ddl (x int)');
  const r = await run(['ddl', '--since', '1h', ...connArgs(pg)]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.ok(doc.rows.some((row: { object_identity: string }) => row.object_identity === 'public.recent_ddl'));
  assert.match(doc.since, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
  const none = JSON.parse((await run(['ddl', '--since', '2h', '--until', '1h', ...connArgs(pg)])).stdout);
  assert.deepEqual(none.rows, []);
  const hba = await run(['hba', '--output', '-', ...connArgs(pg)]);
  assert.equal(hba.code, 0, hba.stderr);
  assert.match(hba.stdout, /^ROLE\s+DATABASE\s+CLASS\s+ADDRESS\s+METHOD\s+LINE\s+TRANSPORTS\n/);
  assert.match(hba.stdout, /\sloopback\s+127\.0\.0\.1\s/);
});
