// A function's pinned search_path (its proconfig entry `search_path=...`) read as PostgreSQL
// reads the setting: a comma-separated list of identifiers (SplitIdentifierString in
// src/backend/utils/adt/varlena.c): surrounding whitespace ignored; a double-quoted item kept
// as written with "" standing for one quote; an unquoted item down-cased (ASCII A-Z only, as
// downcase_identifier does in a multibyte encoding), names longer than 63 bytes cut as
// truncate_identifier cuts them. "$user" (quoted or not) is the schema named like the current
// user — inside a SECURITY DEFINER function, its owner. An empty unquoted item or an
// unterminated quote makes PostgreSQL refuse the value: null here. An empty quoted item ("")
// is accepted and names no schema that can exist (`SET search_path = ''` stores exactly that).
// A single string (`SET search_path = 'a, b'`) is stored quoted, as ONE schema named "a, b".

export interface PathEntry {
  /** the schema name as PostgreSQL looks it up */
  name: string;
  /** the item was "$user" */
  user: boolean;
}

const downcase = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** NAMEDATALEN - 1 = 63 bytes of UTF-8, never cutting a character. */
function truncate(name: string): string {
  let bytes = 0;
  let out = '';
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    const len = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (bytes + len > 63) break;
    bytes += len;
    out += ch;
  }
  return out;
}

/** Splits a search_path value; null when PostgreSQL would not accept it as a list. */
export function splitSearchPath(value: string, owner: string): PathEntry[] | null {
  const out: PathEntry[] = [];
  let i = 0;
  const n = value.length;
  const ws = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
  while (i < n && ws(value[i])) i++;
  if (i === n) return out; // an empty setting: no schemas
  for (;;) {
    let name: string;
    if (value[i] === '"') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= n) return null; // unterminated
        if (value[j] === '"') {
          if (value[j + 1] === '"') { text += '"'; j += 2; continue; }
          break;
        }
        text += value[j++];
      }
      name = truncate(text);
      i = j + 1;
    } else {
      let j = i;
      while (j < n && value[j] !== ',' && !ws(value[j])) j++;
      if (j === i) return null; // empty item
      name = truncate(downcase(value.slice(i, j)));
      i = j;
    }
    while (i < n && ws(value[i])) i++;
    const user = name === '$user';
    out.push({ name: user ? owner : name, user });
    if (i >= n) break;
    if (value[i] !== ',') return null; // junk after an identifier
    i++;
    while (i < n && ws(value[i])) i++;
    if (i >= n) return null; // trailing comma
  }
  return out;
}
