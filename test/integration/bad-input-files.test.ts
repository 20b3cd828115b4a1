// Bad files, one table: every file a command reads (packs and their manifest, TOML files and
// the secrets and certificates they name, reports, PII documents, state and spool files,
// pg_hba.conf, the service file, the root certificate) given as a FIFO, /dev/zero, a directory,
// a huge (sparse) file, a symlink into /proc and a file the account cannot read (the CLI then
// runs as nobody), and every directory an option names given as something that is not a
// directory on a real file system. Each exits 2 with ONE line naming the file, prints no stack,
// never hangs (a FIFO is never opened, /dev/zero never read) and writes nothing. No server is
// needed: every case fails before connecting (the connection flags point at no server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, configOf, luaReturning, writePack } from './support.ts';

const root = mkdtempSync(join(tmpdir(), 'sec-check-bad-files-'));
chmodSync(root, 0o755);
const isRoot = process.getuid?.() === 0;
const PUBLIC_KEY = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
const HUGE = 300 * 1024 * 1024; // sparse: costs no disk, above every cap

interface Ctx {
  dir: string;
  /** a file in the case's directory (mode 0600) */
  file(name: string, text: string): string;
  /** the connection flags: a socket directory with no server */
  conn: string[];
}

/** The kinds of bad file; each makes one at `path` and says what the one line must say. */
const KINDS: { name: string; make(path: string): string; why: RegExp; unprivileged?: boolean }[] = [
  { name: 'a FIFO', make: (p) => { spawnSync('mkfifo', ['-m', '600', p]); return p; }, why: /is not a regular file \(a FIFO\)/ },
  { name: '/dev/zero', make: (p) => { symlinkSync('/dev/zero', p); return p; }, why: /is not a regular file \(a character device\)/ },
  { name: 'a directory', make: (p) => { mkdirSync(p); return p; }, why: /is a directory, not a file/ },
  { name: 'a huge file', make: (p) => { writeFileSync(p, ''); chmodSync(p, 0o600); truncateSync(p, HUGE); return p; }, why: new RegExp(`file of ${HUGE} bytes exceeds the limit of \\d+ bytes`) },
  { name: 'a symlink into /proc', make: (p) => { symlinkSync('/proc/self/status', p); return p; }, why: /is on the proc pseudo file system/ },
  { name: 'an unreadable file', make: (p) => { writeFileSync(p, 'x = 1\n'); chmodSync(p, 0o000); return p; }, why: /permission denied/, unprivileged: true },
];

/** The file options; `args` gets the bad file's path. `env` for the ones named by variables. */
const OPTIONS: { name: string; args(f: string, c: Ctx): string[]; env?(f: string): Record<string, string>; fixed?: (c: Ctx) => string }[] = [
  { name: 'run --config', args: (f, c) => ['run', '--config', f, '--output', join(c.dir, 'out'), ...c.conn] },
  { name: 'run: the pack manifest', fixed: (c) => join(packDir(c), 'sec_check.manifest.json'), args: (_f, c) => ['run', '--config', join(packDir(c), 'config.json'), '--output', join(c.dir, 'out'), ...c.conn] },
  { name: 'run --channel', args: (f, c) => ['run', '--channel', f, '--output', join(c.dir, 'out'), ...c.conn] },
  { name: 'the channel password file', args: (f, c) => ['channel', 'flush', '--channel', c.file('ch.toml', `[alerts.postgres]\nhost = "/nonexistent"\npassword = { file = ${JSON.stringify(f)} }\n`), '--spool-dir', join(c.dir, 'spool')] },
  { name: 'fleet --inventory', args: (f, c) => ['fleet', '--inventory', f, '--output', join(c.dir, 'fleet')] },
  { name: 'the fleet password_file', args: (f, c) => ['fleet', '--inventory', c.file('inv.toml', `[[servers]]\nname = "a"\nhost = "/nonexistent"\npassword_file = ${JSON.stringify(f)}\n`), '--output', join(c.dir, 'fleet')] },
  { name: 'fix --report', args: (f, c) => ['fix', '--report', f, ...c.conn] },
  { name: 'report --pii', args: (f, c) => ['report', '--run', 'latest', '--format', 'Html', '--output', join(c.dir, 'r'), '--pii', f, ...c.conn] },
  { name: 'agent --spool', args: (f, c) => ['agent', '--once', '--spool', f, ...c.conn] },
  { name: 'pgaudit ingest --state', args: (f, c) => ['pgaudit', 'ingest', '--log-dir', logDir(c), '--state', f] },
  { name: 'listen --heads', args: (f, c) => ['listen', '--channel', 'sec_check_ddl', '--heads', f, ...c.conn] },
  { name: 'hba --hba-file', args: (f, c) => ['hba', '--hba-file', f, '--output', join(c.dir, 'm.json'), ...c.conn] },
  { name: 'hba --hba-file --findings', args: (f, c) => ['hba', '--findings', '--hba-file', f, '--output', join(c.dir, 'm.json'), ...c.conn] },
  { name: 'run --framework', args: (f, c) => ['run', '--framework', f, '--output', join(c.dir, 'out'), ...c.conn] },
  { name: 'report --framework', args: (f, c) => ['report', '--framework', f, '--output', join(c.dir, 'r'), ...c.conn] },
  { name: 'run --sign', args: (f, c) => ['run', '--format', 'Json', '--sign', f, '--output', join(c.dir, 'out'), ...c.conn] },
  { name: 'verify --key', args: (f, c) => ['verify', c.file('r.json', '{}'), '--key', f] },
  { name: 'verify REPORT', args: (f, c) => ['verify', f, '--key', c.file('pub.pem', PUBLIC_KEY)] },
  { name: 'listen --notify', args: (f, c) => ['listen', '--notify', f, ...c.conn] },
  { name: 'the webhook secret file', args: (f, c) => ['listen', '--notify', c.file('n.toml', `[webhook]\nurl = "http://127.0.0.1:9/x"\nsecret = { file = ${JSON.stringify(f)} }\n`), ...c.conn] },
  { name: 'the notifications ca_file', args: (f, c) => ['listen', '--notify', c.file('n.toml', `[webhook]\nurl = "https://127.0.0.1:9/x"\nca_file = ${JSON.stringify(f)}\n`), ...c.conn] },
  { name: 'PGSERVICEFILE', env: (f) => ({ PGSERVICEFILE: f, PGSERVICE: 'audit' }), args: (_f, c) => ['hba', '--output', join(c.dir, 'm.json')] },
  { name: 'pack --config', args: (f, c) => ['pack', '--config', f, '--out', join(c.dir, 'pack.json')] },
  { name: 'PGSSLCERT (a client certificate)', env: (f) => ({ PGSSLCERT: f, PGSSLMODE: 'require' }), args: (_f, c) => ['report', '--run', 'latest', '-h', '127.0.0.1', '-p', '9', '-U', 'postgres', '--output', join(c.dir, 'r')] },
  { name: 'PGSSLROOTCERT (verify-full)', env: (f) => ({ PGSSLROOTCERT: f, PGSSLMODE: 'verify-full' }), args: (_f, c) => ['report', '--run', 'latest', '-h', '127.0.0.1', '-p', '9', '-U', 'postgres', '--output', join(c.dir, 'r')] },
];

/** Directory options: what stands where a directory should be. */
const DIR_KINDS: { name: string; make(path: string): string; why: RegExp }[] = [
  { name: 'a FIFO', make: (p) => { spawnSync('mkfifo', [p]); return p; }, why: /is not a directory \(a FIFO\)/ },
  { name: '/dev/zero', make: (p) => { symlinkSync('/dev/zero', p); return p; }, why: /is not a directory \(a character device\)/ },
  { name: 'a regular file', make: (p) => { writeFileSync(p, 'x'); return p; }, why: /is not a directory \(a regular file\)/ },
  { name: 'a symlink into /proc', make: (p) => { symlinkSync('/proc/self', p); return p; }, why: /proc pseudo file system/ },
  { name: 'a path below a regular file', make: (p) => { writeFileSync(p, 'x'); return join(p, 'below'); }, why: /is not a directory \(a regular file\)|a component of the path is not a directory/ },
];
const DIR_OPTIONS: { name: string; args(d: string, c: Ctx): string[] }[] = [
  { name: 'pgaudit ingest --log-dir', args: (d) => ['pgaudit', 'ingest', '--log-dir', d, '--format', 'csvlog'] },
  { name: 'channel flush --spool-dir', args: (d, c) => ['channel', 'flush', '--channel', c.file('ch.toml', '[alerts.postgres]\nhost = "/nonexistent"\n'), '--spool-dir', d] },
  { name: 'listen --state-dir', args: (d, c) => ['listen', '--notify', c.file('n.toml', '[webhook]\nurl = "http://127.0.0.1:9/x"\n'), '--state-dir', d, ...c.conn] },
  { name: 'run --spool-dir', args: (d, c) => ['run', '--channel', c.file('ch.toml', '[alerts.postgres]\nhost = "/nonexistent"\n'), '--spool-dir', d, '--output', join(c.dir, 'out'), ...c.conn] },
];

/** A valid pack in the case's directory (for the manifest case). */
function packDir(c: Ctx): string {
  const dir = join(c.dir, 'pack');
  return dir;
}
function makePack(c: Ctx): void {
  const config = writePack({ 'config.json': configOf('s', [{ name: 'one', executors: [{ script: 'q.sql' }], validators: [{ script: 'v.lua' }] }]), 'q.sql': 'SELECT 1', 'v.lua': luaReturning('Success') });
  spawnSync('cp', ['-r', join(config, '..'), packDir(c)]);
}
function logDir(c: Ctx): string {
  const d = join(c.dir, 'log');
  mkdirSync(d, { recursive: true });
  return d;
}

function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    let entries;
    try { entries = readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      out.push(join(rel, e.name));
      if (e.isDirectory()) walk(join(d, e.name), join(rel, e.name));
    }
  };
  walk(dir, '');
  return out.sort();
}

function runCli(args: string[], env: Record<string, string>, unprivileged: boolean): Promise<{ code: number; stdout: string; stderr: string }> {
  const [cmd, argv] = unprivileged && isRoot
    ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, ...args]]
    : [process.execPath, [CLI, ...args]];
  return new Promise((done, fail) => {
    const child = spawn(cmd, argv as string[], { env: { ...process.env, HOME: join(root, 'home'), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => { stdout += b; });
    child.stderr.on('data', (b) => { stderr += b; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000); // a hang is a failure, not a stuck suite
    child.on('error', fail);
    child.on('close', (code, signal) => { clearTimeout(timer); done({ code: signal ? -1 : code ?? -1, stdout, stderr }); });
  });
}

let n = 0;
function context(): Ctx {
  const dir = join(root, `case-${++n}`);
  mkdirSync(dir);
  chmodSync(dir, 0o777); // the unprivileged runs could write here (they must not)
  return {
    dir,
    file: (name, text) => { const p = join(dir, name); writeFileSync(p, text); chmodSync(p, 0o644); return p; },
    conn: ['-h', join(dir, 'no-server'), '-p', '1', '-U', 'postgres', '-d', 'postgres'],
  };
}

async function expectRefused(label: string, args: string[], env: Record<string, string>, unprivileged: boolean, dir: string, path: string, why: RegExp): Promise<string[]> {
  const before = listTree(dir);
  const r = await runCli(args, env, unprivileged);
  const problems: string[] = [];
  const line = r.stderr.trimEnd();
  if (r.code !== 2) problems.push(`${label}: exit ${r.code} (${line})`);
  if (line.includes('\n')) problems.push(`${label}: more than one line: ${JSON.stringify(r.stderr)}`);
  if (!why.test(line)) problems.push(`${label}: ${JSON.stringify(line)} does not match ${why}`);
  if (!line.includes(path)) problems.push(`${label}: ${JSON.stringify(line)} does not name ${path}`);
  if (/\n\s+at /.test(r.stderr)) problems.push(`${label}: stack trace`);
  // a certificate file is read when the connection is set up, before anything is sent
  if (/cannot connect \(/.test(line) && !/certificate file/.test(line)) problems.push(`${label}: got as far as connecting`);
  if (/^(wrote|pack|fleet:|sec-check listen: listening)/m.test(r.stdout + r.stderr)) problems.push(`${label}: reported work done`);
  const after = listTree(dir);
  if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`${label}: wrote ${after.filter((f) => !before.includes(f)).join(', ')}`);
  return problems;
}

test('the file table: at least 100 rows, every file option and kind', () => {
  assert.ok(OPTIONS.length * KINDS.length + DIR_OPTIONS.length * DIR_KINDS.length >= 100, `${OPTIONS.length * KINDS.length + DIR_OPTIONS.length * DIR_KINDS.length} rows`);
});

for (const option of OPTIONS) {
  test(`bad files for ${option.name}: exit 2, one line naming the file, nothing written`, async () => {
    const problems = (await Promise.all(KINDS.map(async (kind) => {
      const c = context();
      if (option.fixed) makePack(c);
      const path = kind.make(option.fixed ? option.fixed(c) : join(c.dir, 'input'));
      const args = option.args(path, c);
      return expectRefused(`${option.name} as ${kind.name}`, args, option.env?.(path) ?? {}, kind.unprivileged ?? false, c.dir, path, kind.why);
    }))).flat();
    assert.deepEqual(problems, []);
  });
}

for (const option of DIR_OPTIONS) {
  test(`bad directories for ${option.name}: exit 2, one line naming the directory, nothing written`, async () => {
    const problems = (await Promise.all(DIR_KINDS.map(async (kind) => {
      const c = context();
      const path = kind.make(join(c.dir, 'place'));
      return expectRefused(`${option.name} as ${kind.name}`, option.args(path, c), {}, false, c.dir, path.replace(/\/below$/, ''), kind.why);
    }))).flat();
    assert.deepEqual(problems, []);
  });
}
