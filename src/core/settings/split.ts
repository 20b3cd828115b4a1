// List settings split as the server splits them. PostgreSQL has three splitters for
// comma-separated setting values (src/backend/utils/adt/varlena.c), and which one a setting
// goes through decides what its items mean:
// - SplitIdentifierString (search_path, log_destination, log_connections on 18+, pgaudit.log,
//   temp_tablespaces): items are identifiers — unquoted ones end at a comma or whitespace and
//   are downcased (ASCII only in a multibyte encoding), "quoted" ones keep their case and
//   collapse "" to ", and every item is truncated to 63 bytes (NAMEDATALEN - 1).
// - SplitDirectoriesString (shared/session/local_preload_libraries, unix_socket_directories):
//   items are paths — unquoted ones may hold inner spaces (trailing ones are dropped), no
//   downcasing, each canonicalized (canonicalize_path: duplicate and trailing slashes,
//   "." and ".." components).
// - SplitGUCList (listen_addresses, debug_io_direct): like identifiers, but never downcased
//   or truncated (the value already went through the SET machinery).
// An empty or all-blank value is an empty list; a syntax error (unterminated quote, an empty
// unquoted item, junk after a quoted one) makes the whole value invalid — the server refuses
// it when it is set, so such a value is never the one in force.
// Documented in "Parameter Names and Values" (config-setting.html): list values are
// comma-separated, and elements that need it are double-quoted.

export interface ListItem {
  /** The item as the server uses it (dequoted, downcased when unquoted identifiers are). */
  value: string;
  /** Whether it was written in double quotes. */
  quoted: boolean;
}

export type SplitResult = { ok: true; items: ListItem[] } | { ok: false; error: string };

export type Splitter = 'identifier' | 'directories' | 'guc_list';

/** scanner_isspace: the lexer's whitespace (vertical tab counts from PostgreSQL 16). */
export function isScannerSpace(ch: string, major = 18): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || (major >= 16 && ch === '\v');
}

/** UTF-8 length of a string (identifiers are truncated in bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** truncate_identifier: at most 63 bytes, cut at a character boundary (pg_mbcliplen). */
export function truncateIdentifier(s: string): string {
  if (utf8Length(s) < 64) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const len = utf8Length(ch);
    if (bytes + len > 63) break;
    out += ch;
    bytes += len;
  }
  return out;
}

/** downcase_identifier for a UTF-8 database: ASCII A-Z only. */
export function downcaseIdentifier(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * canonicalize_path (src/port/path.c) on a Unix server: no trailing slash, no duplicate
 * slashes, no "." components, ".." removes the component before it ("/.." stays "/", a
 * relative path keeps leading ".." components).
 */
export function canonicalizePath(path: string): string {
  if (path === '') return path;
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  let leadingUp = 0;
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0) parts.pop();
      else if (!absolute) leadingUp++;
      continue;
    }
    parts.push(part);
  }
  const body = [...Array<string>(leadingUp).fill('..'), ...parts].join('/');
  if (absolute) return '/' + body;
  return body === '' ? '.' : body;
}

/** Splits a list setting's value as the named PostgreSQL splitter does (separator ','). */
export function splitList(raw: string, splitter: Splitter, major = 18, separator = ','): SplitResult {
  const space = (ch: string | undefined) => ch !== undefined && isScannerSpace(ch, major);
  const items: ListItem[] = [];
  let i = 0;
  while (space(raw[i])) i++;
  if (i >= raw.length) return { ok: true, items };
  for (;;) {
    let value: string;
    let quoted = false;
    if (raw[i] === '"') {
      quoted = true;
      value = '';
      i++;
      for (;;) {
        const end = raw.indexOf('"', i);
        if (end < 0) return { ok: false, error: 'unterminated quoted item' };
        value += raw.slice(i, end);
        if (raw[end + 1] === '"') { value += '"'; i = end + 2; continue; }
        i = end + 1;
        break;
      }
    } else {
      const start = i;
      if (splitter === 'directories') {
        // extends to the separator; inner spaces kept, trailing ones dropped
        let end = i;
        while (i < raw.length && raw[i] !== separator) {
          if (!space(raw[i])) end = i + 1;
          i++;
        }
        if (end === start) return { ok: false, error: 'empty item' };
        value = raw.slice(start, end);
        i = end;
      } else {
        while (i < raw.length && raw[i] !== separator && !space(raw[i])) i++;
        if (i === start) return { ok: false, error: 'empty item' };
        value = raw.slice(start, i);
        if (splitter === 'identifier') value = downcaseIdentifier(value);
      }
    }
    while (space(raw[i])) i++;
    let done = false;
    if (raw[i] === separator) {
      i++;
      while (space(raw[i])) i++;
    } else if (i >= raw.length) {
      done = true;
    } else {
      return { ok: false, error: `unexpected ${JSON.stringify(raw[i])} after an item` };
    }
    if (splitter === 'identifier') value = truncateIdentifier(value);
    if (splitter === 'directories') value = canonicalizePath(value.length >= 1024 ? value.slice(0, 1023) : value);
    items.push({ value, quoted });
    if (done) return { ok: true, items };
  }
}
