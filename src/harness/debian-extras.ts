// PG 18 extras (pljs, pgTAP, pgaudit, set_user) come from Debian unstable binary
// packages. We only *download and unpack* them with a private apt configuration: the
// machine's apt sources, lists and dpkg database are never touched, and no mirror host
// is hard-coded (it is read from the machine's own apt sources).
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { execOk } from './exec.js';

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

/**
 * Download the .deb files for `packages` into `debDir` using a private apt state
 * under `aptDir`, from `suite` (default unstable; tools that must run on this machine
 * come from its own release). Returns the .deb paths. Needs root (apt-get) on CI images.
 */
export async function downloadDebs(packages: string[], aptDir: string, debDir: string, suite = 'unstable'): Promise<string[]> {
  await fs.mkdir(path.join(aptDir, 'lists', 'partial'), { recursive: true });
  await fs.mkdir(path.join(aptDir, 'cache', 'archives', 'partial'), { recursive: true });
  await fs.mkdir(debDir, { recursive: true });
  const sources = path.join(aptDir, 'sources.list');
  await fs.writeFile(sources, `deb [signed-by=${KEYRING}] ${debianMirror()} ${suite} main\n`);
  const aptOpts = [
    '-o', `Dir::Etc::sourcelist=${sources}`,
    '-o', 'Dir::Etc::sourceparts=-',
    '-o', `Dir::State::Lists=${path.join(aptDir, 'lists')}`,
    '-o', `Dir::Cache=${path.join(aptDir, 'cache')}`,
    '-q',
  ];
  await execOk('apt-get', [...aptOpts, 'update'], { timeoutMs: 5 * 60_000 });
  await execOk('apt-get', [...aptOpts, 'download', ...packages], { cwd: debDir, timeoutMs: 5 * 60_000 });
  const files = await fs.readdir(debDir);
  return packages.map((p) => {
    const f = files.find((n) => n.startsWith(`${p}_`) && n.endsWith('.deb'));
    if (!f) throw new Error(`apt-get download did not produce ${p}_*.deb in ${debDir}`);
    return path.join(debDir, f);
  });
}

/** Version field of a .deb. */
export async function debVersion(deb: string): Promise<string> {
  return (await execOk('dpkg-deb', ['-f', deb, 'Version'])).stdout.trim();
}

/**
 * Unpack a .deb and copy its server module(s) and extension files into an install tree
 * laid out like the npm packages (<root>/lib/postgresql, <root>/share/postgresql/extension).
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
