// System packages the tests need that npm cannot provide: Debian's chromium for the
// browser tests. Installed with apt-get when missing and we are root; otherwise a clear
// message. (PostgreSQL binaries and extensions are provisioned by src/harness.)
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';

export function ensurePrereqs() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    console.error(`prereqs: ${CHROMIUM} is missing; install Debian's chromium (apt-get install chromium) for the browser tests`);
    process.exit(1);
  }
  console.log('prereqs: installing chromium with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', 'chromium']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`prereqs: apt-get ${args.join(' ')} failed (exit ${r.status})`);
      process.exit(1);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensurePrereqs();
