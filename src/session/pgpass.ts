// The password file (~/.pgpass, or passfile= / PGPASSFILE), read as libpq reads it: lines of
// hostname:port:database:username:password, `*` matching anything, `\:` and `\\` escaping,
// the first matching line winning. A file others may read is ignored with libpq's warning
// (a password must not sit in a group- or world-readable file); so is anything that is not
// a regular file. A Unix socket at the default directory matches the host name localhost.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { checkInputFile, INPUT_CAPS, InputFileError, readInputText } from './input-file.ts';

/** The socket directory sec-check uses when no host is given (libpq's built-in default). */
export const DEFAULT_SOCKET_DIR = '/tmp';

export function defaultPassfile(): string {
  return join(homedir(), '.pgpass');
}

/** The four match fields of one line (null = the `*` wildcard) and the password (the rest of the line). */
function fields(line: string): { match: (string | null)[]; password: string } | null {
  const match: (string | null)[] = [];
  let i = 0;
  while (match.length < 4) {
    let raw = '';
    let text = '';
    for (;;) {
      if (i >= line.length) return null; // fewer than five fields
      const c = line[i];
      if (c === '\\' && i + 1 < line.length) { raw += c + line[i + 1]; text += line[i + 1]; i += 2; continue; }
      i++;
      if (c === ':') break;
      raw += c;
      text += c;
    }
    match.push(raw === '*' ? null : text);
  }
  return { match, password: line.slice(i).replace(/\\(.)/g, '$1') };
}

export interface PassfileLookup {
  host: string;
  hostaddr?: string;
  port: number;
  database: string;
  user: string;
}

/**
 * The password for a connection from `file`, or null. `warn` receives libpq's warning for a
 * file that is ignored (group/world access, not a plain file); a missing file is silent.
 */
export function passwordFromFile(file: string, want: PassfileLookup, warn: (line: string) => void): string | null {
  let text: string;
  try {
    const st = checkInputFile(file, INPUT_CAPS.connection);
    if ((st.mode & 0o077) !== 0) {
      warn(`WARNING: password file "${file}" has group or world access; permissions should be u=rw (0600) or less`);
      return null;
    }
    text = readInputText(file, INPUT_CAPS.connection);
  } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    if (/: file not found$|: a component of the path is not a directory$/.test(e.message)) return null;
    warn(`WARNING: password file "${file}" is not a plain file (${e.message.slice(file.length + 2)})`);
    return null;
  }
  let host = want.host || want.hostaddr || 'localhost';
  if (host.startsWith('/') && host.replace(/\/+$/, '') === DEFAULT_SOCKET_DIR) host = 'localhost';
  if (!want.host && want.hostaddr) host = want.hostaddr;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const f = fields(line);
    if (!f) continue;
    const wanted = [host, String(want.port), want.database, want.user];
    if (f.match.every((m, i) => m === null || m === wanted[i])) return f.password === '' ? null : f.password;
  }
  return null;
}
