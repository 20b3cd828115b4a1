// Bad --hba-file inputs of `sec-check hba` (matrix and --findings): a missing file, an
// unreadable one (run as an unprivileged account when the tests run as root), a directory and
// a path under a file each exit 2 with ONE line naming the file, before any connection is
// made (the port given here has no server), and write nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, type CliResult } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'sec-check-hba-file-bad-'));
chmodSync(dir, 0o777); // the unprivileged run may write --output here (it must not)
writeFileSync(join(dir, 'a-file'), 'local all all trust\n');
writeFileSync(join(dir, 'secret.conf'), 'local all all trust\n');
chmodSync(join(dir, 'secret.conf'), 0o000);
mkdirSync(join(dir, 'a-dir'));
writeFileSync(join(dir, 'nul.conf'), 'local all all trust\0\n');
const NO_SERVER = ['--host', join(dir, 'no-socket-here'), '--port', '1', '--user', 'postgres'];

/** The CLI, as an unprivileged account (nobody) when this runs as root: root reads any file. */
function run(args: string[], unprivileged = false): Promise<CliResult> {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = unprivileged && asRoot
    ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, ...args]]
    : [process.execPath, [CLI, ...args]];
  return new Promise((done, fail) => {
    const child = spawn(cmd, argv as string[], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => { stdout += b; });
    child.stderr.on('data', (b) => { stderr += b; });
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

const cases: { name: string; file: string; unprivileged?: boolean; why: RegExp }[] = [
  { name: 'a missing file', file: join(dir, 'missing.conf'), why: /file not found/ },
  { name: 'an unreadable file', file: join(dir, 'secret.conf'), unprivileged: true, why: /permission denied/ },
  { name: 'a directory', file: join(dir, 'a-dir'), why: /is a directory/ },
  { name: 'a path under a file', file: join(dir, 'a-file', 'pg_hba.conf'), why: /not a directory/ },
  { name: 'an empty value', file: '', why: /empty value/ },
  { name: 'a NUL byte', file: join(dir, 'nul.conf'), why: /contains a NUL byte/ },
];

for (const k of cases) {
  for (const mode of [[], ['--findings']]) {
    test(`sec-check hba --hba-file ${mode.join(' ')}: ${k.name}`, async () => {
      const out = join(dir, `out-${k.name.replace(/\W+/g, '-')}${mode.length ? '-f' : ''}.json`);
      const r = await run(['hba', '--hba-file', k.file, ...mode, '--output', out, ...NO_SERVER], k.unprivileged);
      assert.equal(r.code, 2, `exit ${r.code}: ${r.stdout} ${r.stderr}`);
      assert.equal(r.stdout, '');
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /^sec-check hba: --hba-file/);
      if (k.file) assert.ok(lines[0].includes(k.file), lines[0]);
      assert.match(lines[0], k.why);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      assert.equal(existsSync(out), false, 'nothing written');
    });
  }
}

test('sec-check hba --findings --role: refused (the checks look at every role)', async () => {
  const r = await run(['hba', '--findings', '--role', 'x', ...NO_SERVER]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr, 'sec-check hba: --role: not with --findings (the checks look at every role)\n');
});
