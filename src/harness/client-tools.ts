// A major's own client tools (pg_dump, pg_restore, psql) for tests: the npm server
// packages ship none, an older pg_dump refuses a newer server, and a newer pg_dump writes
// dumps an older server cannot restore (18's sets transaction_timeout). PostgreSQL 18's come
// from Debian unstable (postgresql-client-18 and its libpq5), 15's from this machine's
// Debian release, downloaded like the other extras and cached under <cache>/pg-client/.
// Unstable's binaries need a newer glibc than older hosts have, so each tree also carries
// its release's libc6 and the tools are started through its dynamic loader with the
// tree's libraries first (the host's fill in the rest).
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { debVersion, downloadDebs, machineSuite } from './debian-extras.js';
import { publishDir } from './dir-publish.js';
import { execOk } from './exec.js';
import { cacheDir } from './paths.js';

export interface ClientTools {
  /** absolute paths of runnable wrappers */
  pgDump: string;
  pgRestore: string;
  psql: string;
  /** e.g. "18.6-3" */
  debVersion: string;
}

export type ClientMajor = 15 | 18;
/** Packages (the client first) and the suite they come from; 'machine' = this machine's release. */
const SOURCES: Record<ClientMajor, { packages: string[]; suite: 'unstable' | 'machine' }> = {
  18: { packages: ['postgresql-client-18', 'libpq5', 'libldap2', 'libc6'], suite: 'unstable' },
  15: { packages: ['postgresql-client-15', 'libpq5', 'libc6'], suite: 'machine' },
};
const TOOLS = ['pg_dump', 'pg_restore', 'psql'] as const;
const memo = new Map<ClientMajor, Promise<ClientTools>>();

/** Provisions (once, cached) and returns the major's pg_dump, pg_restore and psql. */
export function ensureClientTools(major: ClientMajor): Promise<ClientTools> {
  let p = memo.get(major);
  if (!p) {
    p = provision(major);
    memo.set(major, p);
    p.catch(() => memo.delete(major));
  }
  return p;
}

/** PostgreSQL 18's pg_dump, pg_restore and psql (they work against every older server too). */
export function ensureClientTools18(): Promise<ClientTools> {
  return ensureClientTools(18);
}

async function provision(major: ClientMajor): Promise<ClientTools> {
  const dir = path.join(cacheDir(), 'pg-client', `pg${major}`);
  await publishDir(dir, (tmp) => build(tmp, major));
  const version = (await fs.readFile(path.join(dir, 'VERSION'), 'utf8')).trim();
  const bin = (t: string) => path.join(dir, 'bin', t);
  return { pgDump: bin('pg_dump'), pgRestore: bin('pg_restore'), psql: bin('psql'), debVersion: version };
}

async function build(tmp: string, major: ClientMajor): Promise<void> {
  const scratch = path.join(tmp, '.scratch');
  const { packages, suite } = SOURCES[major];
  const debs = await downloadDebs(packages, path.join(scratch, 'apt'), path.join(scratch, 'debs'), suite === 'machine' ? machineSuite() : 'unstable');
  const x = path.join(scratch, 'x');
  for (const deb of debs) await execOk('dpkg-deb', ['-x', deb, x]);
  const lib = path.join(tmp, 'lib');
  await fs.mkdir(lib, { recursive: true });
  await fs.mkdir(path.join(tmp, 'bin'), { recursive: true });
  await fs.mkdir(path.join(tmp, 'libexec'), { recursive: true });
  // libc6 puts its libraries in /usr/lib/<triplet> (merged /usr); older layouts in /lib
  for (const d of ['usr/lib/x86_64-linux-gnu', 'lib/x86_64-linux-gnu']) {
    const src = path.join(x, d);
    if (existsSync(src)) await execOk('cp', ['-a', `${src}/.`, lib]);
  }
  if (!existsSync(path.join(lib, 'ld-linux-x86-64.so.2'))) throw new Error('libc6 did not provide ld-linux-x86-64.so.2');
  for (const t of TOOLS) {
    await fs.copyFile(path.join(x, 'usr/lib/postgresql', String(major), 'bin', t), path.join(tmp, 'libexec', t));
    await fs.chmod(path.join(tmp, 'libexec', t), 0o755);
    // the wrapper finds its tree at run time: publishDir renames the build directory
    const wrapper = `#!/bin/sh\nd="$(dirname "$(readlink -f "$0")")/.."\nexec "$d/lib/ld-linux-x86-64.so.2" --library-path "$d/lib" "$d/libexec/${t}" "$@"\n`;
    await fs.writeFile(path.join(tmp, 'bin', t), wrapper, { mode: 0o755 });
  }
  await fs.writeFile(path.join(tmp, 'VERSION'), `${await debVersion(debs[0])}\n`);
  await fs.rm(scratch, { recursive: true, force: true });
  // fail now, not in a test, if the tools cannot start on this host
  const out = await execOk(path.join(tmp, 'bin', 'pg_dump'), ['--version']);
  if (!new RegExp(`\\(PostgreSQL\\) ${major}\\.`).test(out.stdout)) throw new Error(`unexpected pg_dump --version: ${out.stdout.trim()}`);
}
