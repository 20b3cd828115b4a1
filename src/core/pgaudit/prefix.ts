// log_line_prefix as a matcher: the server's own prefix setting is compiled into one anchored
// regular expression that takes time, pid, user, database and client out of each stderr line,
// followed by PostgreSQL's "SEVERITY:  " marker (which is what makes the lazy captures
// unambiguous). Runtime-free.

/** What one stderr line's prefix told us (null when the prefix lacks the escape or it was empty). */
export interface PrefixFields {
  time: string | null;
  pid: number | null;
  user: string | null;
  database: string | null;
  client: string | null;
  severity: string;
}

export interface CompiledPrefix {
  readonly source: string;
  /**
   * The escapes of the prefix whose text a client chooses ("%a (application_name)", ...):
   * with any, a line's start can be forged (see LogEntry.forgeable). Empty when none.
   */
  readonly forgeable: readonly string[];
  /** Matches the start of one physical line (no newline in it); null when it is not an entry start. */
  match(line: string): { fields: PrefixFields; messageStart: number } | null;
}

/** The severities PostgreSQL prints after the prefix (elog.c error_severity), and the secondary parts. */
export const SEVERITIES = ['DEBUG1', 'DEBUG2', 'DEBUG3', 'DEBUG4', 'DEBUG5', 'DEBUG', 'LOG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'FATAL', 'PANIC'];
export const SECONDARY = ['DETAIL', 'HINT', 'QUERY', 'CONTEXT', 'LOCATION', 'STATEMENT', 'BACKTRACE'];

/** A client address as %h prints it: [local], an IPv4/IPv6 address (with a zone) or a host name. */
const HOST = '(?:\\[local\\]|[A-Za-z0-9._:%-]+)';

type Role = 'time' | 'epoch' | 'pid' | 'user' | 'database' | 'client' | 'host' | 'port' | null;

/** Regex text for the value of each escape, and what it is. Free text is lazy and line-bound. */
const ESCAPES: Record<string, [string, Role]> = {
  a: ['[^\\n]*?', null], // application_name
  u: ['[^\\n]*?', 'user'],
  d: ['[^\\n]*?', 'database'],
  // an address, or a name the resolver accepted (letters, digits, dots, hyphens): a client's
  // reverse DNS cannot put a space or "LOG:  " here, so %r/%h leave a line unforgeable
  r: [`${HOST}(?:\\(\\d+\\))?`, 'client'], // host(port) or [local]
  h: [HOST, 'host'],
  L: ['[^\\n]*?', null], // local address (PG 17+)
  b: ['[^\\n]*?', null], // backend type
  p: ['\\d+', 'pid'],
  P: ['\\d*', null], // parallel leader pid
  t: ['\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?: [^ \\n]+)?', 'time'],
  m: ['\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}(?: [^ \\n]+)?', 'time'],
  n: ['\\d+\\.\\d{3}', 'epoch'],
  s: ['\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?: [^ \\n]+)?', null],
  c: ['[0-9a-f]*\\.[0-9a-f]*', null],
  l: ['\\d+', null],
  v: ['[^\\n]*?', null],
  x: ['\\d*', null],
  e: ['[0-9A-Z]{5}', null],
  i: ['[^\\n]*?', null],
  Q: ['-?\\d*', null],
};

/** Escapes whose value a client sets: application_name anytime, user and database names in the startup packet (unchecked, line breaks included, before authentication). */
const CLIENT_TEXT: Record<string, string> = { a: '%a (application_name)', u: '%u (user name)', d: '%d (database name)' };

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Longest prefix the matcher looks at: a few free-text values of at most NAMEDATALEN each. */
const MATCH_WINDOW = 8192;

/**
 * Compiles a log_line_prefix (escapes %a %u %d %r %h %L %b %p %P %t %m %n %s %c %l %v %x %e %i %Q
 * %q %%, with optional padding like %-10u). Unknown escapes print nothing in PostgreSQL, so they
 * match nothing here. Everything after %q is optional (processes without a session omit it).
 */
export function compilePrefix(prefix: string): CompiledPrefix {
  const roles: Role[] = [];
  const forgeable: string[] = [];
  let re = '';
  let optionalOpen = false;
  for (let i = 0; i < prefix.length; i++) {
    const ch = prefix[i];
    if (ch !== '%') { re += escapeRe(ch); continue; }
    // padding: %-10u / %10u (space-padded to the width)
    let j = i + 1;
    let padded = false;
    if (prefix[j] === '-') { j++; padded = true; }
    while (j < prefix.length && prefix[j] >= '0' && prefix[j] <= '9') { j++; padded = true; }
    const esc = prefix[j];
    i = j;
    if (esc === undefined) break; // a trailing % prints nothing
    if (esc === '%') { re += '%'; continue; }
    if (esc === 'q') { if (!optionalOpen) { re += '(?:'; optionalOpen = true; } continue; }
    const spec = ESCAPES[esc];
    if (!spec) continue;
    if (CLIENT_TEXT[esc] && !forgeable.includes(CLIENT_TEXT[esc])) forgeable.push(CLIENT_TEXT[esc]);
    const pad = padded ? ' *' : '';
    re += `${pad}(${spec[0]})${pad}`;
    roles.push(spec[1]);
  }
  if (optionalOpen) re += ')?';
  const severity = `(${[...SEVERITIES, ...SECONDARY].join('|')}):  `;
  const matcher = new RegExp(`^${re}${severity}`);
  return {
    source: prefix,
    forgeable,
    match(line: string) {
      const m = matcher.exec(line.length > MATCH_WINDOW ? line.slice(0, MATCH_WINDOW) : line);
      if (!m) return null;
      const fields: PrefixFields = { time: null, pid: null, user: null, database: null, client: null, severity: m[m.length - 1] };
      let host: string | null = null;
      for (let k = 0; k < roles.length; k++) {
        const raw = m[k + 1];
        if (raw === undefined) continue;
        const v = raw.trim();
        if (v === '') continue;
        switch (roles[k]) {
          case 'time': fields.time ??= normalizeTime(v); break;
          case 'epoch': fields.time ??= epochToIso(v); break;
          case 'pid': fields.pid = Number(v); break;
          case 'user': fields.user = v === '[unknown]' ? null : v; break;
          case 'database': fields.database = v === '[unknown]' ? null : v; break;
          case 'client': fields.client = normalizeClientParen(v); break;
          case 'host': host = v; break;
          default: break;
        }
      }
      if (fields.client === null && host !== null) fields.client = host;
      return { fields, messageStart: m[0].length };
    },
  };
}

/**
 * "2026-11-30 04:57:24.065 UTC" → "2026-11-30T04:57:24.065Z"; numeric zones ("+03", "-0530")
 * become offsets. A zone abbreviation other than UTC/GMT/Z stays as written (PostgreSQL's
 * timestamptz input resolves it; the core does not guess).
 */
export function normalizeTime(text: string): string {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)(?: (\S+))?$/.exec(text);
  if (!m) return text;
  const zone = m[3];
  if (zone === undefined || zone === 'UTC' || zone === 'GMT' || zone === 'Z' || zone === 'Etc/UTC') return `${m[1]}T${m[2]}Z`;
  const z = /^([+-])(\d\d):?(\d\d)?$/.exec(zone);
  if (z) return `${m[1]}T${m[2]}${z[1]}${z[2]}:${z[3] ?? '00'}`;
  return text;
}

function epochToIso(text: string): string {
  const ms = Math.round(Number(text) * 1000);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : text;
}

/** %r prints host(port) or [local]; the other formats give host and port apart: one form for all. */
export function normalizeClientParen(v: string): string {
  const m = /^(.*)\((\d+)\)$/.exec(v);
  return m ? joinClient(m[1], m[2]) : v;
}

/** host + port → "host:port", "[v6]:port" for an IPv6 address; "[local]" and port-less hosts stay. */
export function joinClient(host: string, port: string | number | null | undefined): string {
  if (port === null || port === undefined || port === '') return host;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
