// PG 18 extras (pljs, pgTAP, pgaudit, set_user) come from Debian unstable binary
// packages. We only *download and unpack* them with a private apt configuration: the
// machine's apt sources, lists and dpkg database are never touched, and no mirror host
// is hard-coded (it is read from the machine's own apt sources).
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { exec, execOk } from './exec.js';

/** Extension name -> Debian package template (%d = major). */
export const DEBIAN_EXTRAS: Record<string, string> = {
  pljs: 'postgresql-%d-pljs',
  pgtap: 'postgresql-%d-pgtap',
  pgaudit: 'postgresql-%d-pgaudit',
  set_user: 'postgresql-%d-set-user',
  // built against a newer glibc than these machines have: pg-cron.ts makes it load
  pg_cron: 'postgresql-%d-cron',
};

const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

/**
 * The Debian archive URI of this machine: SEC_CHECK_DEBIAN_MIRROR, else the first
 * non-security `URIs:` of /etc/apt/sources.list.d/debian.sources (deb822), else the
 * first `deb` line of /etc/apt/sources.list.
 */
export function debianMirror(): string {
  if (process.env.SEC_CHECK_DEBIAN_MIRROR) return process.env.SEC_CHECK_DEBIAN_MIRROR;
  const deb822 = '/etc/apt/sources.list.d/debian.sources';
  if (existsSync(deb822)) {
    for (const stanza of readFileSync(deb822, 'utf8').split(/\n\s*\n/)) {
      const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1].trim();
      const uris = field('URIs');
      const suites = field('Suites') ?? '';
      if (uris && !/security/.test(suites) && !/security/.test(uris)) return uris.split(/\s+/)[0];
    }
  }
  const legacy = '/etc/apt/sources.list';
  if (existsSync(legacy)) {
    for (const line of readFileSync(legacy, 'utf8').split('\n')) {
      const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
      if (m && !/security/.test(m[1] + m[2])) return m[1];
    }
  }
  throw new Error('no Debian mirror found in apt sources; set SEC_CHECK_DEBIAN_MIRROR');
}

/** This machine's Debian release (VERSION_CODENAME in /etc/os-release), e.g. bookworm. */
export function machineSuite(): string {
  const m = /^VERSION_CODENAME=(\S+)$/m.exec(readFileSync('/etc/os-release', 'utf8'));
  if (!m) throw new Error('no VERSION_CODENAME in /etc/os-release: cannot pick this machine\'s Debian release');
  return m[1].replace(/"/g, '');
}

/**
 * A private apt configuration under `aptDir` with one sources line (`deb` or `deb-src`):
 * writes it, runs `apt-get update` and returns the options every later apt call needs.
 */
async function privateApt(aptDir: string, kind: 'deb' | 'deb-src', suite: string): Promise<string[]> {
  await fs.mkdir(path.join(aptDir, 'lists', 'partial'), { recursive: true });
  await fs.mkdir(path.join(aptDir, 'cache', 'archives', 'partial'), { recursive: true });
  const sources = path.join(aptDir, 'sources.list');
  await fs.writeFile(sources, `${kind} [signed-by=${KEYRING}] ${debianMirror()} ${suite} main\n`);
  const aptOpts = [
    '-o', `Dir::Etc::sourcelist=${sources}`,
    '-o', 'Dir::Etc::sourceparts=-',
    '-o', `Dir::State::Lists=${path.join(aptDir, 'lists')}`,
    '-o', `Dir::Cache=${path.join(aptDir, 'cache')}`,
    '-q',
  ];
  await execOk('apt-get', [...aptOpts, 'update'], { timeoutMs: 5 * 60_000 });
  return aptOpts;
}

/**
 * Download the .deb files for `packages` into `debDir` using a private apt state
 * under `aptDir`, from `suite` (default unstable; tools that must run on this machine
 * come from its own release). Returns the .deb paths. Needs root (apt-get) on CI images.
 */
export async function downloadDebs(packages: string[], aptDir: string, debDir: string, suite = 'unstable'): Promise<string[]> {
  const aptOpts = await privateApt(aptDir, 'deb', suite);
  await fs.mkdir(debDir, { recursive: true });
  await execOk('apt-get', [...aptOpts, 'download', ...packages], { cwd: debDir, timeoutMs: 5 * 60_000 });
  const files = await fs.readdir(debDir);
  return packages.map((p) => {
    const f = files.find((n) => n.startsWith(`${p}_`) && n.endsWith('.deb'));
    if (!f) throw new Error(`apt-get download did not produce ${p}_*.deb in ${debDir}`);
    return path.join(debDir, f);
  });
}

/** The archive listed a source package but would not serve its files (or does not list it). */
export class SourceUnavailableError extends Error {}

/**
 * Download Debian source package `pkg` (its .dsc and the files it names, checked by apt
 * against the signed index) from `suite` with a private apt state, and unpack it with
 * dpkg-source into `destDir`. Returns the unpacked tree and the source version.
 * A source the archive does not list or will not serve is a SourceUnavailableError.
 */
export async function fetchDebianSource(
  pkg: string,
  aptDir: string,
  workDir: string,
  destDir: string,
  suite = 'unstable',
): Promise<{ dir: string; version: string }> {
  const aptOpts = await privateApt(aptDir, 'deb-src', suite);
  await fs.mkdir(workDir, { recursive: true });
  const r = await exec('apt-get', [...aptOpts, 'source', '--download-only', pkg], { cwd: workDir, timeoutMs: 5 * 60_000 });
  if (r.code !== 0) {
    const out = `${r.stdout}${r.stderr}`;
    const failed = /Failed to fetch (\S+)\s+(.*)/.exec(out);
    if (failed) throw new SourceUnavailableError(`${debianMirror()} did not serve ${path.basename(failed[1])} (${failed[2].trim()})`);
    if (/Unable to find a source package/.test(out)) throw new SourceUnavailableError(`${debianMirror()} lists no source package ${pkg} in ${suite}`);
    throw new Error(`apt-get source --download-only ${pkg}: exit ${r.code}\n${out}`.trimEnd());
  }
  const dsc = (await fs.readdir(workDir)).find((n) => n.startsWith(`${pkg}_`) && n.endsWith('.dsc'));
  if (!dsc) throw new Error(`apt-get source did not produce ${pkg}_*.dsc in ${workDir}`);
  const version = /^Version:\s*(\S+)$/m.exec(await fs.readFile(path.join(workDir, dsc), 'utf8'))?.[1] ?? '?';
  // apt verified every file against the signed Sources index; dpkg-source checks them again
  await execOk('dpkg-source', ['-x', dsc, destDir], { cwd: workDir, timeoutMs: 5 * 60_000 });
  return { dir: destDir, version };
}

/** Files of Debian source package `pkg` in `suite` as the signed Sources index lists them (nothing is downloaded). */
export async function debianSourceFiles(pkg: string, aptDir: string, suite = 'unstable'): Promise<Array<{ name: string; size: number; sha256: string }>> {
  const aptOpts = await privateApt(aptDir, 'deb-src', suite);
  const out = (await execOk('apt-get', [...aptOpts, 'source', '--print-uris', pkg], { cwd: aptDir, timeoutMs: 5 * 60_000 })).stdout;
  return [...out.matchAll(/^'[^']+' (\S+) (\d+) SHA256:([0-9a-f]{64})$/gm)].map((m) => ({ name: m[1], size: Number(m[2]), sha256: m[3] }));
}

/** Version field of a .deb. */
export async function debVersion(deb: string): Promise<string> {
  return (await execOk('dpkg-deb', ['-f', deb, 'Version'])).stdout.trim();
}

/**
 * Unpack a .deb and copy its server module(s) and extension files into an install tree
 * laid out like the npm packages (<root>/lib/postgresql, <root>/share/postgresql/extension).
 * `major` is the one in the package's paths (usr/lib/postgresql/<major>/...).
 */
export async function unpackDebInto(deb: string, major: number, root: string, scratch: string): Promise<void> {
  const x = await fs.mkdtemp(path.join(scratch, 'deb-'));
  try {
    await execOk('dpkg-deb', ['-x', deb, x]);
    const libSrc = path.join(x, 'usr/lib/postgresql', String(major), 'lib');
    const extSrc = path.join(x, 'usr/share/postgresql', String(major), 'extension');
    for (const f of await fs.readdir(libSrc).catch(() => [] as string[])) {
      if (f.endsWith('.so')) await fs.copyFile(path.join(libSrc, f), path.join(root, 'lib/postgresql', f));
    }
    for (const f of await fs.readdir(extSrc).catch(() => [] as string[])) {
      await fs.copyFile(path.join(extSrc, f), path.join(root, 'share/postgresql/extension', f));
    }
  } finally {
    await fs.rm(x, { recursive: true, force: true });
  }
}
