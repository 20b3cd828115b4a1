// Test harness only: pljs for a PostgreSQL major that Debian ships no pljs binary for
// (Debian unstable builds postgresql-18-pljs only). We compile it from source into the npm
// server tree:
//   - server headers: this machine's Debian release's postgresql-server-dev-<major>,
//     downloaded and unpacked (never installed) into <tree>/include/postgresql/server, and
//     checked against the npm server's build options (same major, block/segment sizes,
//     float8 by value);
//   - pljs: Debian's pljs source package (or SEC_CHECK_PLJS_SOURCE, a source tree or tarball,
//     for archives that list the package but do not serve its files; a tarball whose SHA-256
//     is the one Debian's signed Sources index gives for pljs's .orig tarball is reported as
//     that tarball);
//   - QuickJS: the copy the pljs source carries in deps/quickjs, else Debian's quickjs source
//     package, with pljs's own patches/ applied;
//   - build: the tree's own PGXS with the pg_config shim (the npm build's compiler flags,
//     no LLVM bitcode, no rpath), then `make install` into the tree.
// Nothing here runs outside the harness; users install pljs from their distribution.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { debianSourceFiles, debVersion, downloadDebs, fetchDebianSource, machineSuite, SourceUnavailableError } from './debian-extras.js';
import { exec, execOk } from './exec.js';

export interface PljsBuild {
  /** upstream pljs version (PLJS_VERSION of its Makefile) */
  pljs: string;
  /** where the pljs source came from */
  source: string;
  /** QuickJS version (deps/quickjs/VERSION) and where it came from */
  quickjs: string;
  /** the header package and version the module was compiled against */
  headers: string;
  /** wall time of the whole build, ms */
  buildMs: number;
}

/** The pljs source could not be obtained here (not a build failure): callers may report and skip. */
export class PljsSourceUnavailable extends Error {}

const TOOLS = ['cc', 'make', 'patch', 'dpkg-source', 'ar'];

/** cc, make, patch, dpkg-source: installed with apt-get when missing and we are root, else a clear error. */
async function ensureBuildTools(): Promise<void> {
  const missing: string[] = [];
  for (const t of TOOLS) if ((await exec('sh', ['-c', `command -v ${t}`])).code !== 0) missing.push(t);
  if (!missing.length) return;
  const install = 'apt-get install build-essential dpkg-dev patch';
  if (process.getuid?.() !== 0) {
    throw new Error(`building pljs from source needs ${missing.join(', ')}: run \`${install}\` as root (or run the tests as root)`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await execOk('apt-get', ['update', '-qq'], { env, timeoutMs: 5 * 60_000 });
  await execOk('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'build-essential', 'dpkg-dev', 'patch'], { env, timeoutMs: 10 * 60_000 });
}

/** `#define NAME value` from a header text. */
function define(text: string, name: string): string | undefined {
  return new RegExp(`^#define\\s+${name}\\s+(.+?)\\s*$`, 'm').exec(text)?.[1];
}

/**
 * The npm server was configured with options we can read from its binary (the text that
 * pg_config and the pg_config view report). Compare the ones that change the on-disk and
 * in-memory layout an extension sees with the Debian headers; PG_MODULE_MAGIC checks the
 * rest (major, FUNC_MAX_ARGS, INDEX_MAX_KEYS, NAMEDATALEN, float8 by value) at load time.
 */
export async function checkHeadersMatchServer(root: string, major: number): Promise<void> {
  const server = path.join(root, 'include/postgresql/server');
  const cfg = await fs.readFile(path.join(server, 'pg_config.h'), 'utf8');
  const manual = await fs.readFile(path.join(server, 'pg_config_manual.h'), 'utf8');
  const headerMajor = Number(define(cfg, 'PG_MAJORVERSION_NUM'));
  if (headerMajor !== major) throw new Error(`server headers are for PostgreSQL ${headerMajor}, the tree is ${major}`);

  const bin = (await fs.readFile(path.join(root, 'bin/postgres'))).toString('latin1');
  const configure = /'--prefix=[^\0]*/.exec(bin)?.[0];
  if (!configure) throw new Error(`cannot find the configure options in ${root}/bin/postgres to compare with the headers`);
  const opt = (name: string) => new RegExp(`'--${name}(?:=([^']*))?'`).exec(configure);
  const num = (name: string, dflt: number) => Number(opt(name)?.[1] ?? dflt);
  const blck = num('with-blocksize', 8) * 1024;
  const expected: Array<[string, string | undefined, string]> = [
    ['BLCKSZ', define(cfg, 'BLCKSZ'), String(blck)],
    ['XLOG_BLCKSZ', define(cfg, 'XLOG_BLCKSZ'), String(num('with-wal-blocksize', 8) * 1024)],
    ['RELSEG_SIZE', define(cfg, 'RELSEG_SIZE'), String((num('with-segsize', 1) * 1024 * 1024 * 1024) / blck)],
    // 64-bit builds pass float8 by value unless configured with --disable-float8-byval
    ['USE_FLOAT8_BYVAL', define(cfg, 'USE_FLOAT8_BYVAL') ?? define(manual, 'USE_FLOAT8_BYVAL') ?? '(undefined)', opt('disable-float8-byval') ? '(undefined)' : '1'],
  ];
  const bad = expected.filter(([, got, want]) => got !== want).map(([n, got, want]) => `${n}: headers ${got}, server ${want}`);
  if (bad.length) throw new Error(`the PostgreSQL ${major} server headers do not match the npm server build: ${bad.join('; ')}`);
}

/** Server headers of `major` from this machine's Debian release into <root>/include/postgresql/server. */
async function installHeaders(root: string, major: number, scratch: string): Promise<string> {
  const pkg = `postgresql-server-dev-${major}`;
  const [deb] = await downloadDebs([pkg], path.join(scratch, 'apt-dev'), path.join(scratch, 'debs-dev'), machineSuite());
  const x = path.join(scratch, 'dev');
  await execOk('dpkg-deb', ['-x', deb, x]);
  const src = path.join(x, 'usr/include/postgresql', String(major), 'server');
  if (!existsSync(path.join(src, 'pg_config.h'))) throw new Error(`${pkg} has no ${src}/pg_config.h`);
  const dest = path.join(root, 'include/postgresql/server');
  await fs.mkdir(path.dirname(dest), { recursive: true });
  await execOk('cp', ['-a', src, dest]);
  return `${pkg} ${await debVersion(deb)}`;
}

/**
 * The name of Debian's pljs .orig tarball when `file` is byte for byte that tarball (its
 * SHA-256 as listed in the signed Sources index), else null; also null when the index
 * cannot be read (the build goes on, labelled as an unverified source).
 */
async function matchingDebianOrig(file: string, scratch: string): Promise<string | null> {
  const sha = createHash('sha256').update(await fs.readFile(file)).digest('hex');
  const listed = await debianSourceFiles('pljs', path.join(scratch, 'apt-src-index')).catch(() => []);
  return listed.find((f) => /\.orig\.tar\./.test(f.name) && f.sha256 === sha)?.name ?? null;
}

/** An unpacked pljs source tree in scratch/pljs: SEC_CHECK_PLJS_SOURCE or Debian's source package. */
async function obtainPljsSource(scratch: string): Promise<{ dir: string; source: string }> {
  const dir = path.join(scratch, 'pljs');
  const given = process.env.SEC_CHECK_PLJS_SOURCE;
  if (given) {
    const abs = path.resolve(given);
    const st = await fs.stat(abs).catch(() => null);
    if (st?.isDirectory()) {
      await fs.mkdir(dir, { recursive: true });
      await execOk('cp', ['-a', `${abs}/.`, dir]);
    } else if (st?.isFile() && /\.(tar(\.(gz|xz|bz2))?|tgz)$/.test(abs)) {
      await fs.mkdir(dir, { recursive: true });
      await execOk('tar', ['-xf', abs, '-C', dir, '--strip-components=1']);
      const orig = await matchingDebianOrig(abs, scratch);
      if (orig) return { dir, source: `Debian's ${orig} (from SEC_CHECK_PLJS_SOURCE ${abs}; its SHA-256 is the one in Debian's signed Sources index)` };
    } else {
      throw new Error(`SEC_CHECK_PLJS_SOURCE=${given}: not a directory or a .tar(.gz|.xz|.bz2) file`);
    }
    if (!existsSync(path.join(dir, 'src/pljs.c'))) throw new Error(`SEC_CHECK_PLJS_SOURCE=${given}: no src/pljs.c (not a pljs source tree)`);
    return { dir, source: `SEC_CHECK_PLJS_SOURCE ${abs} (not Debian's .orig tarball, or not verifiable)` };
  }
  try {
    const got = await fetchDebianSource('pljs', path.join(scratch, 'apt-src'), path.join(scratch, 'src-pljs'), dir);
    return { dir, source: `Debian source package pljs ${got.version}` };
  } catch (e) {
    if (e instanceof SourceUnavailableError) {
      throw new PljsSourceUnavailable(
        `no pljs source for this PostgreSQL major: ${e.message}; set SEC_CHECK_PLJS_SOURCE to a pljs source tree or tarball`,
      );
    }
    throw e;
  }
}

/** QuickJS in <pljs>/deps/quickjs (the source's own, else Debian's), pljs's patches applied once. */
async function prepareQuickJs(dir: string, scratch: string): Promise<string> {
  const qdir = path.join(dir, 'deps/quickjs');
  let origin = 'carried by the pljs source';
  if (!existsSync(path.join(qdir, 'quickjs.h'))) {
    const q = await fetchDebianSource('quickjs', path.join(scratch, 'apt-src-q'), path.join(scratch, 'src-quickjs'), path.join(scratch, 'quickjs'));
    await fs.rm(qdir, { recursive: true, force: true });
    await fs.mkdir(path.dirname(qdir), { recursive: true });
    await execOk('cp', ['-a', q.dir, qdir]);
    origin = `Debian source package quickjs ${q.version}`;
  }
  const patches = path.join(dir, 'patches');
  for (const p of existsSync(patches) ? (await fs.readdir(patches)).sort() : []) {
    const file = path.join(patches, p);
    const applied = await exec('patch', ['-p1', '-R', '--dry-run', '-s', '-f', '-i', file], { cwd: dir });
    if (applied.code === 0) continue; // the source already carries it
    await execOk('patch', ['-p1', '-s', '-f', '--no-backup-if-mismatch', '-i', file], { cwd: dir });
  }
  const version = (await fs.readFile(path.join(qdir, 'VERSION'), 'utf8').catch(() => '?')).trim();
  return `${version} (${origin})`;
}

/**
 * Build pljs from source and install it into the server tree `root` (laid out like the npm
 * packages, with the pg_config shim). `scratch` is a directory the caller removes afterwards.
 * Throws PljsSourceUnavailable when no source can be had here.
 */
export async function buildPljsInto(root: string, major: number, scratch: string): Promise<PljsBuild> {
  const t0 = performance.now();
  await ensureBuildTools();
  const { dir, source } = await obtainPljsSource(scratch);
  const headers = await installHeaders(root, major, scratch);
  await checkHeadersMatchServer(root, major);
  const quickjs = await prepareQuickJs(dir, scratch);
  const pljs = /^PLJS_VERSION\s*=\s*(\S+)/m.exec(await fs.readFile(path.join(dir, 'Makefile'), 'utf8'))?.[1] ?? '?';

  const make = (args: string[], cwd: string) => execOk('make', args, { cwd, timeoutMs: 15 * 60_000 });
  // only the library: QuickJS's default target also builds qjs, qjsc and the REPL
  await make(['-j2', 'libquickjs.a'], path.join(dir, 'deps/quickjs'));
  // the npm build enables rpath to its own prefix and has no LLVM; pljs.so needs only libc
  const pgxs = [`PG_CONFIG=${path.join(root, 'bin/pg_config')}`, 'enable_rpath=no', 'with_llvm=no'];
  await make(['-j2', ...pgxs], dir);
  await make(['install', ...pgxs], dir);

  const so = path.join(root, 'lib/postgresql/pljs.so');
  const dyn = (await execOk('objdump', ['-p', '-T', so])).stdout;
  if (!/\bPg_magic_func\b/.test(dyn)) throw new Error(`${so} has no PG_MODULE_MAGIC`);
  const needed = [...dyn.matchAll(/^\s*NEEDED\s+(\S+)/gm)].map((m) => m[1]).filter((n) => !/^(libc|libm)\.so/.test(n));
  if (needed.length) throw new Error(`${so} needs libraries the server tree may not have: ${needed.join(', ')}`);
  return { pljs, source, quickjs, headers, buildMs: Math.round(performance.now() - t0) };
}
