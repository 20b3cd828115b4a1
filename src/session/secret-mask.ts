// Passwords out of anything sec-check prints or writes about a connection: connection URIs
// (scheme://user:PASSWORD@host, ?password=), libpq connection strings (password=...,
// sslpassword=..., quoted or not), PGPASSWORD=..., and the literal values of passwords read
// from files. Inputs that hold one are refused where they are read (a fleet inventory's host,
// a channel's host); this is what every output and error goes through besides, so a password
// that slipped into a name, a tag or a server's error text is never shown. Runtime-free.

export const MASK = '****';

// scheme://userinfo@ — the userinfo ends at the LAST '@' before the path (a raw '@' in a
// password is ambiguous: mask more, not less); its password starts after the first ':'
const URI_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#\s"<>`]*)@/gi;
// URI query parameters and libpq keywords that carry a secret
const SECRET_KEYS = 'password|sslpassword|passwd|pwd|pass|pgpassword';
const QUERY_PARAM = new RegExp(`([?&](?:${SECRET_KEYS})=)[^&#\\s"<>\`]*`, 'gi');
// key = 'quoted value with \' escapes' | bare value (libpq conninfo), also KEY=value (environment)
const KEYWORD_VALUE = new RegExp(`(\\b(?:${SECRET_KEYS})\\s*=\\s*)(?:'(?:[^'\\\\]|\\\\.)*'?|"(?:[^"\\\\]|\\\\.)*"?|[^\\s'",;&]+)`, 'gi');

/** `text` with every `known` secret value replaced by ****. */
export function maskKnown(text: string, known: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of known) {
    if (secret) out = out.split(secret).join(MASK);
  }
  return out;
}

/** `text` with every password it shows replaced by ****, and every `known` secret value too. */
export function maskSecrets(text: string, known: readonly (string | undefined)[] = []): string {
  let out = text.replace(URI_USERINFO, (_m, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon < 0 ? `${scheme}${userinfo}@` : `${scheme}${userinfo.slice(0, colon)}:${MASK}@`;
  });
  out = out.replace(QUERY_PARAM, `$1${MASK}`);
  out = out.replace(KEYWORD_VALUE, `$1${MASK}`);
  return maskKnown(out, known);
}

/** Whether `text` shows a password (masking would change it). */
export function holdsSecret(text: string): boolean {
  return maskSecrets(text) !== text;
}

/** Whether `text` is a connection URI or a libpq key=value string rather than a plain value. */
export function isConnectionString(text: string): boolean {
  return /^\s*[a-z][a-z0-9+.-]*:\/\//i.test(text) || /(?:^|\s)[a-z_]+\s*=/i.test(text);
}

/**
 * Every string inside a JSON-like value masked (objects and arrays copied): with
 * `knownOnly`, only the known secret values (a report's evidence keeps its own text).
 */
export function maskDeep<T>(value: T, known: readonly (string | undefined)[] = [], knownOnly = false): T {
  if (typeof value === 'string') return (knownOnly ? maskKnown(value, known) : maskSecrets(value, known)) as T;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, known, knownOnly)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, known, knownOnly)])) as T;
  }
  return value;
}
