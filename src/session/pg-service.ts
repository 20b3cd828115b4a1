// Connection services (pg_service.conf), looked up as libpq looks them up: the service named
// by `service=` or PGSERVICE is searched in PGSERVICEFILE (default ~/.pg_service.conf), then in
// PGSYSCONFDIR/pg_service.conf (default /etc/postgresql-common, where Debian's libpq looks);
// the first file holding the section wins. A section's `key=value` lines fill the keywords
// not given explicitly. Files are read through the checked reader.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { checkKeyword, ConninfoError, type ConnParams } from './conninfo.ts';
import { INPUT_CAPS, inputExists, readInputText } from './input-file.ts';

export const DEFAULT_SYSCONFDIR = '/etc/postgresql-common';

/** The files searched for a service, in order. */
export function serviceFiles(env: NodeJS.ProcessEnv): string[] {
  return [env.PGSERVICEFILE || join(homedir(), '.pg_service.conf'), join(env.PGSYSCONFDIR || DEFAULT_SYSCONFDIR, 'pg_service.conf')];
}

/** The section `service` of one file's text, or null when the file has no such section. */
export function serviceSection(text: string, service: string, file: string): ConnParams | null {
  let inGroup = false;
  let found = false;
  const out: ConnParams = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\s+$/, '').replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      if (inGroup) break; // the next section ends the one wanted
      inGroup = line === `[${service}]`;
      found ||= inGroup;
      continue;
    }
    if (!inGroup) continue;
    const eq = line.indexOf('=');
    if (eq < 0) throw new ConninfoError(`syntax error in service file "${file}", line ${i + 1}`);
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key === 'service') throw new ConninfoError(`nested service specifications not supported in service file "${file}", line ${i + 1}`);
    try {
      checkKeyword(key, value, `service file "${file}", line ${i + 1}`);
    } catch (e) {
      throw new ConninfoError((e as Error).message.includes('invalid connection option') ? `syntax error in service file "${file}", line ${i + 1} (unknown keyword "${key}")` : (e as Error).message);
    }
    // an earlier line of the section wins over a later one, as in libpq
    if (!(key in out)) out[key] = value;
  }
  return found ? out : null;
}

/** The keywords of `service` from the first file that defines it; an error when none does. */
export function lookupService(service: string, env: NodeJS.ProcessEnv): { file: string; params: ConnParams } {
  for (const file of serviceFiles(env)) {
    if (!inputExists(file, `service file ${file}`)) continue;
    const params = serviceSection(readInputText(file, INPUT_CAPS.connection, `service file ${file}`), service, file);
    if (params) return { file, params };
  }
  throw new ConninfoError(`definition of service "${service}" not found (looked in ${serviceFiles(env).join(' and ')})`);
}
