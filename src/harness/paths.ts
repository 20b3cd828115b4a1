// Where the harness keeps things and where it finds the npm PostgreSQL packages.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Cache root, outside the repo so `git clean` and fresh checkouts keep it. */
export function cacheDir(): string {
  if (process.env.SEC_CHECK_CACHE) return path.resolve(process.env.SEC_CHECK_CACHE);
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(path.resolve(xdg), 'sec_check');
}

/** This module's directory, or undefined when bundled to CJS (import.meta is empty there). */
function moduleDir(): string | undefined {
  try {
    return path.dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
}

/**
 * Root directory of an installed npm package (e.g. the `pg18` alias). The packages
 * restrict `exports`, so resolve the main entry and walk up to package.json.
 * Tried from the cwd first (CLI bundles run from anywhere), then from this file.
 */
export function npmPackageDir(name: string): string {
  const bases = [path.join(process.cwd(), 'noop.js')];
  const here = moduleDir();
  if (here) bases.push(path.join(here, 'noop.js'));
  for (const base of bases) {
    let entry: string;
    try {
      entry = createRequire(base).resolve(name);
    } catch {
      continue;
    }
    let dir = path.dirname(entry);
    while (dir !== path.dirname(dir)) {
      if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'native'))) return dir;
      dir = path.dirname(dir);
    }
  }
  throw new Error(`npm package '${name}' not found (is it in devDependencies and installed?)`);
}
