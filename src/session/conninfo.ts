// libpq's connection strings, read as libpq reads them: `key=value key2='quoted \' value'`
// (conninfo) and `postgresql://user@host:port/db?key=value` (URI, percent-decoded). Only the
// keywords sec-check acts on are accepted; a keyword libpq knows but sec-check cannot honour
// is refused by name rather than silently ignored (a connection option that is dropped could
// weaken the connection the user asked for). Errors are ConninfoError, one line.
export class ConninfoError extends Error {}

/** The keywords sec-check takes, each with the environment variable libpq reads for it. */
export const CONNINFO_KEYWORDS: Record<string, string | null> = {
  service: 'PGSERVICE',
  host: 'PGHOST',
  hostaddr: 'PGHOSTADDR',
  port: 'PGPORT',
  dbname: 'PGDATABASE',
  user: 'PGUSER',
  password: 'PGPASSWORD',
  passfile: 'PGPASSFILE',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  application_name: 'PGAPPNAME',
  fallback_application_name: null,
  options: 'PGOPTIONS',
  client_encoding: 'PGCLIENTENCODING',
  sslmode: 'PGSSLMODE',
  requiressl: 'PGREQUIRESSL',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  sslcrl: 'PGSSLCRL',
  sslpassword: null,
  sslsni: 'PGSSLSNI',
  gssencmode: 'PGGSSENCMODE',
  target_session_attrs: 'PGTARGETSESSIONATTRS',
  // TCP keepalive tuning: accepted and left to the operating system's defaults
  keepalives: null,
  keepalives_idle: null,
  keepalives_interval: null,
  keepalives_count: null,
  tcp_user_timeout: null,
};

/** Values of keywords whose other values sec-check cannot honour (each refused by name). */
const ONLY: Record<string, RegExp> = {
  client_encoding: /^(utf8|utf-8|unicode|auto)$/i,
  gssencmode: /^(disable|allow|prefer)$/,
  target_session_attrs: /^any$/,
};

export type ConnParams = Partial<Record<string, string>>;

/** Whether a -d/--dbname value is a connection string (libpq's expand_dbname rule). */
export function isConnectionString(text: string): boolean {
  return /^postgres(ql)?:\/\//.test(text) || text.includes('=');
}

/** One keyword checked: known to sec-check, and a value it can honour. */
export function checkKeyword(key: string, value: string, where: string): void {
  if (!(key in CONNINFO_KEYWORDS)) throw new ConninfoError(`${where}: invalid connection option "${key}"`);
  const only = ONLY[key];
  if (only && !only.test(value)) throw new ConninfoError(`${where}: ${key}=${value} is not supported by sec-check (${key === 'client_encoding' ? 'UTF8 only' : `only ${only.source.replace(/[\^$()]/g, '').split('|').join(', ')}`})`);
}

/** A conninfo string: whitespace-separated keyword = value pairs; values unquoted or '…' with \ escapes. */
export function parseConninfo(text: string, where = 'connection string'): ConnParams {
  const out: ConnParams = {};
  let i = 0;
  const n = text.length;
  const space = (c: string | undefined) => c !== undefined && /\s/.test(c);
  while (i < n) {
    while (space(text[i])) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && text[i] !== '=' && !space(text[i])) i++;
    const key = text.slice(keyStart, i);
    while (space(text[i])) i++;
    if (text[i] !== '=') throw new ConninfoError(`${where}: missing "=" after "${key}"`);
    i++;
    while (space(text[i])) i++;
    let value = '';
    if (text[i] === "'") {
      i++;
      for (;;) {
        if (i >= n) throw new ConninfoError(`${where}: unterminated quoted string`);
        const c = text[i];
        if (c === '\\' && i + 1 < n) { value += text[i + 1]; i += 2; continue; }
        if (c === "'") { i++; break; }
        value += c;
        i++;
      }
    } else {
      while (i < n && !space(text[i])) {
        if (text[i] === '\\' && i + 1 < n) { value += text[i + 1]; i += 2; continue; }
        value += text[i++];
      }
    }
    checkKeyword(key, value, where);
    out[key] = value;
  }
  return out;
}

/** Percent-decoding as libpq does it; `secret` keeps the value (a password) out of the message. */
function percentDecode(text: string, where: string, secret = false): string {
  const shown = secret ? '(the password)' : `"${text}"`;
  if (/%(?![0-9A-Fa-f]{2})/.test(text)) throw new ConninfoError(`${where}: invalid percent-encoded token: ${shown}`);
  if (/%00/.test(text)) throw new ConninfoError(`${where}: forbidden value %00 in percent-encoded value: ${shown}`);
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ConninfoError(`${where}: invalid percent-encoded token: ${shown}`);
  }
}

/** A connection URI: postgresql://[user[:password]@][host][:port][,…][/dbname][?key=value&…]. */
export function parseUri(text: string, where = 'connection URI'): ConnParams {
  const m = /^postgres(?:ql)?:\/\/(.*)$/s.exec(text);
  if (!m) throw new ConninfoError(`${where}: not a postgresql:// URI`);
  let rest = m[1];
  const out: ConnParams = {};
  const q = rest.indexOf('?');
  const query = q >= 0 ? rest.slice(q + 1) : '';
  if (q >= 0) rest = rest.slice(0, q);
  const slash = rest.indexOf('/');
  const authority = slash >= 0 ? rest.slice(0, slash) : rest;
  if (slash >= 0 && rest.length > slash + 1) out.dbname = percentDecode(rest.slice(slash + 1), where);
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    const user = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
    if (user) out.user = percentDecode(user, where);
    if (colon >= 0) out.password = percentDecode(userinfo.slice(colon + 1), where, true);
  }
  const hostspec = at >= 0 ? authority.slice(at + 1) : authority;
  if (hostspec) {
    const hosts: string[] = [];
    const ports: string[] = [];
    for (const part of hostspec.split(',')) {
      let host: string;
      let port = '';
      if (part.startsWith('[')) {
        const close = part.indexOf(']');
        if (close < 0) throw new ConninfoError(`${where}: missing "]" in IPv6 host address: "${part}"`);
        host = part.slice(1, close);
        const after = part.slice(close + 1);
        if (after && !after.startsWith(':')) throw new ConninfoError(`${where}: unexpected character "${after[0]}" after IPv6 host address`);
        port = after.slice(1);
      } else {
        const colon = part.lastIndexOf(':');
        host = colon >= 0 ? part.slice(0, colon) : part;
        port = colon >= 0 ? part.slice(colon + 1) : '';
      }
      hosts.push(percentDecode(host, where));
      ports.push(percentDecode(port, where));
    }
    if (hosts.some((h) => h !== '')) out.host = hosts.join(',');
    if (ports.some((p) => p !== '')) out.port = ports.join(',');
  }
  if (query) {
    for (const pair of query.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      if (eq < 0) throw new ConninfoError(`${where}: missing key/value separator "=" in URI query parameter: "${pair}"`);
      let key = percentDecode(pair.slice(0, eq), where);
      let value = percentDecode(pair.slice(eq + 1), where, key === 'password' || key === 'sslpassword');
      // JDBC's ssl=true, which libpq takes too
      if (key === 'ssl' && value === 'true') { key = 'sslmode'; value = 'require'; }
      if (!(key in CONNINFO_KEYWORDS)) throw new ConninfoError(`${where}: invalid URI query parameter: "${key}"`);
      checkKeyword(key, value, where);
      out[key] = value;
    }
  }
  return out;
}

/** A -d value that is a connection string: a URI or a conninfo string. */
export function parseConnectionString(text: string, where: string): ConnParams {
  return /^postgres(ql)?:\/\//.test(text) ? parseUri(text, where) : parseConninfo(text, where);
}
