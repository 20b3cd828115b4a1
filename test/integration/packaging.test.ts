// Packaging as a user meets it: `npm pack` on a fresh, unbuilt clone (only the files git
// keeps, no dist/) builds first and makes a tarball whose sec-check runs from an empty
// prefix; the Makefile finds pg_config the PGXS way, says which server it installs into, and
// stops with a clear message when there is none (PG_CONFIG empty, pointing nowhere, or no
// pg_config on PATH). The installed tree is only looked at (make -n): the harness's servers
// of other test files read it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureInstall } from '../../src/harness/index.ts';
import { REPO } from './support.ts';

const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version;

/** A fresh clone's files: what git keeps (tracked, or new and not ignored), without dist/ or node_modules/. */
function freshClone(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sec-check-clone-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(REPO, f))) continue; // deleted in the work tree
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(REPO, f), join(dir, f), { verbatimSymlinks: true });
  }
  // the dependencies `npm ci` would install (the registry is not needed for the test)
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

test('npm pack on an unbuilt clone builds first; the tarball installs and its sec-check runs', () => {
  const clone = freshClone();
  assert.ok(!existsSync(join(clone, 'dist')), 'the clone has no build');
  const work = mkdtempSync(join(tmpdir(), 'sec-check-pack-'));
  const packed = spawnSync('npm', ['pack', '--pack-destination', work], { cwd: clone, encoding: 'utf8', timeout: 600_000 });
  assert.equal(packed.status, 0, `${packed.stdout}\n${packed.stderr}`);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'a tarball');
  const listing = execFileSync('tar', ['tzf', join(work, tarball!)], { encoding: 'utf8' }).trim().split('\n');
  for (const f of ['package/package.json', 'package/README.md', 'package/dist/cli.cjs', 'package/dist/catalog/config.json', 'package/dist/catalog/pack.json']) {
    assert.ok(listing.includes(f), `${f} in the tarball (${listing.length} files)`);
  }
  assert.ok(listing.length > 100, `${listing.length} files`);
  assert.ok(!listing.some((f) => /^package\/(src|test|build)\//.test(f)), 'no sources in the tarball');
  const prefix = join(work, 'prefix');
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--global', '--prefix', prefix, join(work, tarball!)], { cwd: work, stdio: 'ignore' });
  const bin = join(prefix, 'bin', 'sec-check');
  assert.equal(execFileSync(bin, ['-V'], { encoding: 'utf8' }).trim(), version);
  // the built-in catalog beside the installed CLI is found and its checksums hold (before any connection)
  const r = spawnSync(bin, ['run', '-h', join(work, 'no-server'), '-p', '1', '-U', 'x', '-d', 'x', '--output', '-'], { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^sec-check run: cannot connect \(.*no-server:1 as x to database x\)/);
  assert.doesNotMatch(r.stderr, /catalog|checksum|No such file/);
});

/** make in the repository with PATH and PG_CONFIG as given; /usr/bin/make, so PATH may leave it out. */
function make(args: string[], path: string): { status: number | null; out: string } {
  const r = spawnSync('/usr/bin/make', ['-C', REPO, ...args], { encoding: 'utf8', env: { ...process.env, PATH: path } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('make install: no pg_config found is a clear stop, never "No rule to make target"', () => {
  const bare = mkdtempSync(join(tmpdir(), 'sec-check-path-'));
  symlinkSync('/usr/bin/sed', join(bare, 'sed')); // what the Makefile runs besides pg_config
  for (const [args, path, named] of [
    [['install', 'PG_CONFIG='], process.env.PATH!, 'PG_CONFIG='],
    [['install', 'PG_CONFIG=/nonexistent/bin/pg_config'], process.env.PATH!, 'PG_CONFIG=/nonexistent/bin/pg_config'],
    [['install'], bare, 'PG_CONFIG=pg_config'],
  ] as const) {
    const r = make([...args], path);
    assert.equal(r.status, 2, r.out);
    assert.match(r.out, new RegExp(`no pg_config found \\(${named.replace(/[/.]/g, '\\$&')}\\): install the server development files .* or name its pg_config: make install PG_CONFIG=`));
    assert.doesNotMatch(r.out, /No rule to make target/);
  }
});

test('make install finds pg_config on PATH (the PGXS way) and says which server it installs into', async () => {
  const install = await ensureInstall(18);
  const bin = join(install.root, 'bin');
  const r = make(['-n', 'install'], `${bin}:${process.env.PATH}`);
  assert.equal(r.status, 0, r.out);
  const sharedir = execFileSync(join(bin, 'pg_config'), ['--sharedir'], { encoding: 'utf8' }).trim();
  const said = r.out.split('\n')[1] ?? r.out; // line 1 is make's "Entering directory"
  assert.match(r.out, new RegExp(`sec_check ${version.replace(/\./g, '\\.')}: installing into PostgreSQL 18\\.\\d+ at ${sharedir.replace(/[/.+]/g, '\\$&')}/extension \\(pg_config: ${bin.replace(/[/.+]/g, '\\$&')}/pg_config\\)`), said);
  assert.match(r.out, new RegExp(`install .*sec_check--${version.replace(/\./g, '\\.')}\\.sql .*'${sharedir.replace(/[/.+]/g, '\\$&')}/extension/'`));
  // with PG_CONFIG named, that one wins over PATH
  const named = make(['-n', 'install', `PG_CONFIG=${join(bin, 'pg_config')}`], '/nonexistent:/usr/bin:/bin');
  assert.equal(named.status, 0, named.out);
  assert.match(named.out, /installing into PostgreSQL 18/);
});
