// The npm PostgreSQL packages ship no pg_config, but PGXS (`make install` of an
// extension) asks pg_config for every directory. This writes a small POSIX sh stand-in.
// It finds the install root from its own location, so a copied tree stays correct.
import fs from 'node:fs/promises';
import path from 'node:path';

/** option -> path relative to the install root ('' = unknown / empty answer). */
const DIRS: Array<[string, string, string]> = [
  // [option, label in the no-argument listing, value relative to root]
  ['--bindir', 'BINDIR', 'bin'],
  ['--docdir', 'DOCDIR', 'share/doc/postgresql'],
  ['--htmldir', 'HTMLDIR', 'share/doc/postgresql'],
  ['--includedir', 'INCLUDEDIR', 'include'],
  ['--pkgincludedir', 'PKGINCLUDEDIR', 'include/postgresql'],
  ['--includedir-server', 'INCLUDEDIR-SERVER', 'include/postgresql/server'],
  ['--libdir', 'LIBDIR', 'lib'],
  ['--pkglibdir', 'PKGLIBDIR', 'lib/postgresql'],
  ['--localedir', 'LOCALEDIR', 'share/locale'],
  ['--mandir', 'MANDIR', 'share/man'],
  ['--sharedir', 'SHAREDIR', 'share/postgresql'],
  ['--sysconfdir', 'SYSCONFDIR', 'etc/postgresql'],
  ['--pgxs', 'PGXS', 'lib/postgresql/pgxs/src/makefiles/pgxs.mk'],
];
/** Build-flag options: unknown for these binaries, answered empty like a minimal build. */
const EMPTY = ['--configure', '--cc', '--cppflags', '--cflags', '--cflags_sl', '--ldflags', '--ldflags_ex', '--ldflags_sl', '--libs'];

export function pgConfigScript(version: string): string {
  const cases = [
    ...DIRS.map(([opt, , rel]) => `    ${opt}) echo "$root/${rel}" ;;`),
    ...EMPTY.map((opt) => `    ${opt}) echo "" ;;`),
    `    --version) echo "PostgreSQL ${version}" ;;`,
  ];
  const all = [
    ...DIRS.map(([opt, label]) => `  echo "${label} = $(\"$0\" ${opt})"`),
    ...EMPTY.map((opt) => `  echo "${opt.slice(2).toUpperCase()} = "`),
    `  echo "VERSION = PostgreSQL ${version}"`,
  ];
  return `#!/bin/sh
# pg_config stand-in written by the sec_check test harness (src/harness/pg-config-shim.ts).
# Answers enough for PGXS to install SQL-only extensions into this tree.
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 0 ]; then
${all.join('\n')}
  exit 0
fi
for arg in "$@"; do
  case "$arg" in
${cases.join('\n')}
    *) echo "pg_config: invalid argument: $arg" >&2; exit 1 ;;
  esac
done
`;
}

export async function writePgConfig(root: string, version: string): Promise<string> {
  const file = path.join(root, 'bin', 'pg_config');
  await fs.writeFile(file, pgConfigScript(version), { mode: 0o755 });
  await fs.chmod(file, 0o755);
  return file;
}
