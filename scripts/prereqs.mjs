// System packages the tests need that npm cannot provide: Debian's chromium for the
// browser tests, iproute2 (`ip netns`, veth) for the network namespaces that the remote-client
// tests create. Installed with apt-get when missing and we are root; otherwise a clear
// message. (PostgreSQL binaries and extensions are provisioned by src/harness.)
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** [a file the tests run, the Debian package that provides it] */
const NEEDED = [['/usr/bin/chromium', 'chromium'], ['/usr/sbin/ip', 'iproute2']];

export function ensurePrereqs() {
  const missing = NEEDED.filter(([file]) => !existsSync(file) && !(file === '/usr/sbin/ip' && existsSync('/sbin/ip')));
  if (!missing.length) return;
  const packages = missing.map(([, pkg]) => pkg);
  if (process.getuid?.() !== 0) {
    console.error(`prereqs: ${missing.map(([file]) => file).join(', ')} missing; install Debian's ${packages.join(' ')} (apt-get install ${packages.join(' ')})`);
    process.exit(1);
  }
  console.log(`prereqs: installing ${packages.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...packages]]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`prereqs: apt-get ${args.join(' ')} failed (exit ${r.status})`);
      process.exit(1);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensurePrereqs();
