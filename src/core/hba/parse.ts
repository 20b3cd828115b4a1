// pg_hba.conf text → the rows of the pg_hba_file_rules view (PostgreSQL 16+ columns), for
// when the view cannot be read (it needs a superuser) but the file can (the host account).
// Runtime-free: files are read through a callback given by the caller (the Node edge).
// Follows PostgreSQL's tokenizer (src/backend/libpq/hba.c): '#' comments outside quotes,
// a backslash at the end of a line continues it (16+), whitespace separates fields and
// commas list elements, "double quotes" make a token quoted ("" is a literal quote; a quoted
// "all" is a name, not the keyword), include / include_if_exists / include_dir directives.
// Like the view, the rows carry the tokens' text without their quotes; `quoted` on
// database/user tokens keeps the distinction. Errors are per line, in the `error` column.

export interface HbaToken { text: string; quoted: boolean }

export interface HbaFileRule {
  /** order of the valid rules across include files (NULL on error lines, as in the view) */
  rule_number: number | null;
  file_name: string;
  line_number: number;
  type: string | null;
  database: string[] | null;
  user_name: string[] | null;
  address: string | null;
  netmask: string | null;
  auth_method: string | null;
  options: string[] | null;
  error: string | null;
  /** database and user tokens with their quoting (quoted "all" is not the keyword) */
  database_tokens?: HbaToken[];
  user_tokens?: HbaToken[];
}

/** Reads a file: its text, or null when it does not exist; throws (message) when unreadable. */
export type HbaReadFile = (path: string) => string | null;
/** Lists a directory's entries (names), or null when it does not exist. */
export type HbaListDir = (path: string) => string[] | null;

const TYPES = new Set(['local', 'host', 'hostssl', 'hostnossl', 'hostgssenc', 'hostnogssenc']);
const METHODS = new Set(['trust', 'reject', 'md5', 'password', 'scram-sha-256', 'gss', 'sspi', 'ident', 'peer',
  'ldap', 'radius', 'cert', 'pam', 'bsd', 'oauth']);
const MAX_DEPTH = 10;
/** option names PostgreSQL knows (16-18); which method each belongs to is not checked here */
const OPTIONS = new Set(['map', 'clientcert', 'clientname', 'pamservice', 'pam_use_hostname', 'ldapurl', 'ldaptls', 'ldapscheme',
  'ldapserver', 'ldapport', 'ldapbinddn', 'ldapbindpasswd', 'ldapsearchattribute', 'ldapsearchfilter', 'ldapbasedn', 'ldapprefix',
  'ldapsuffix', 'krb_realm', 'include_realm', 'compat_realm', 'upn_username', 'radiusserver', 'radiusservers', 'radiussecret',
  'radiussecrets', 'radiusidentifier', 'radiusidentifiers', 'radiusport', 'radiusports', 'issuer', 'scope', 'validator',
  'delegate_ident_mapping']);

const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) || '/' : '.');
const resolveAgainst = (file: string, target: string) => (target.startsWith('/') ? target : `${dirOf(file)}/${target}`);

/** Logical lines: [line number of the first physical line, text], continuations joined. */
export function hbaLogicalLines(text: string): [number, string][] {
  const physical = text.split('\n');
  if (physical.length && physical[physical.length - 1] === '') physical.pop();
  const out: [number, string][] = [];
  for (let i = 0; i < physical.length; i++) {
    const start = i + 1;
    let line = physical[i].replace(/\r$/, '');
    while (line.endsWith('\\') && i + 1 < physical.length) {
      line = line.slice(0, -1) + physical[++i].replace(/\r$/, '');
    }
    if (line.endsWith('\\')) line = line.slice(0, -1);
    out.push([start, line]);
  }
  return out;
}

/** The fields of one logical line, each a list of comma-separated tokens (comments dropped). */
export function hbaFields(line: string): HbaToken[][] {
  const fields: HbaToken[][] = [];
  let i = 0;
  const blank = (c: string) => c === ' ' || c === '\t' || c === '\r';
  for (;;) {
    while (i < line.length && blank(line[i])) i++;
    if (i >= line.length || line[i] === '#') break;
    const field: HbaToken[] = [];
    for (;;) {
      let text = '';
      let inQuote = false;
      let quoted = false;
      let comma = false;
      while (i < line.length && (inQuote || !blank(line[i]))) {
        const c = line[i];
        if (c === '#' && !inQuote) break;
        if (c === ',' && !inQuote) { comma = true; i++; break; }
        if (c === '"') {
          if (inQuote && line[i + 1] === '"') { text += '"'; i += 2; continue; }
          inQuote = !inQuote; quoted = true; i++; continue;
        }
        text += c; i++;
      }
      if (text !== '' || quoted) field.push({ text, quoted });
      if (!comma) break;
    }
    if (field.length) fields.push(field);
    else break;
  }
  return fields;
}

function ipv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

/** 16 bytes of an IPv6 literal (with an optional trailing IPv4 part), or null. */
function ipv6(text: string): number[] | null {
  if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k];
      if (k === parts.length - 1 && p.includes('.')) {
        const v4 = ipv4(p);
        if (!v4) return null;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...new Array(missing).fill(0), ...tail];
  return all.flatMap((g) => [g >> 8, g & 255]);
}

/** PostgreSQL's (getnameinfo's) text of an address: IPv6 with the longest zero run as "::". */
function formatIp(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const g: number[] = [];
  for (let k = 0; k < 16; k += 2) g.push((bytes[k] << 8) | bytes[k + 1]);
  let best = -1, bestLen = 0;
  for (let k = 0; k < 8;) {
    if (g[k] !== 0) { k++; continue; }
    let e = k;
    while (e < 8 && g[e] === 0) e++;
    if (e - k > bestLen && e - k >= 2) { best = k; bestLen = e - k; }
    k = e;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  // an IPv4-mapped or -compatible address ends in dotted quad, as inet_ntop writes it
  if (best === 0 && (bestLen === 6 || (bestLen === 7 && g[7] !== 1) || (bestLen === 5 && g[5] === 0xffff))) {
    return `::${bestLen === 5 ? 'ffff:' : ''}${bytes.slice(12).join('.')}`;
  }
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

function parseIp(text: string): number[] | null {
  // an IPv6 zone (fe80::1%eth0) is accepted and not shown, as by getaddrinfo/getnameinfo
  return ipv4(text) ?? ipv6(text.replace(/%[^/]*$/, ''));
}

function maskBytes(len: number, size: number): number[] {
  return Array.from({ length: size }, (_, k) => {
    const bits = Math.max(0, Math.min(8, len - k * 8));
    return (0xff << (8 - bits)) & 0xff;
  });
}

class LineError extends Error {}

/** One rule line (fields already split) → the view's columns, or a LineError. */
function parseRule(fields: HbaToken[][]): Omit<HbaFileRule, 'rule_number' | 'file_name' | 'line_number' | 'error'> {
  const single = (f: HbaToken[], what: string) => {
    if (f.length > 1) throw new LineError(`multiple values specified for ${what}`);
    return f[0].text;
  };
  const type = single(fields[0], 'connection type');
  if (!TYPES.has(type)) throw new LineError(`invalid connection type "${type}"`);
  if (fields.length < 2) throw new LineError('end-of-line before database specification');
  if (fields.length < 3) throw new LineError('end-of-line before role specification');
  const lists = [fields[1], fields[2]];
  for (const list of lists) {
    const at = list.find((t) => !t.quoted && t.text.startsWith('@'));
    if (at) throw new LineError(`"${at.text}": @file lists are not read by sec-check (unsupported token)`);
  }
  let k = 3;
  let address: string | null = null;
  let netmask: string | null = null;
  if (type !== 'local') {
    if (fields.length <= k) throw new LineError('end-of-line before IP address specification');
    const token = single(fields[k++], 'IP address');
    if (token === 'all' || token === 'samehost' || token === 'samenet') {
      address = token;
    } else {
      const slash = token.indexOf('/');
      const ipText = slash >= 0 ? token.slice(0, slash) : token;
      const ip = parseIp(ipText);
      if (slash >= 0) {
        if (!ip) throw new LineError(`invalid IP address "${ipText}"`);
        const len = token.slice(slash + 1);
        if (!/^\d+$/.test(len) || Number(len) > ip.length * 8) throw new LineError(`invalid CIDR mask in address "${token}"`);
        address = formatIp(ip);
        netmask = formatIp(maskBytes(Number(len), ip.length));
      } else if (ip) {
        if (fields.length <= k) throw new LineError('end-of-line before netmask specification');
        const maskText = single(fields[k++], 'netmask');
        const mask = parseIp(maskText);
        if (!mask) throw new LineError(`invalid IP mask "${maskText}"`);
        if (mask.length !== ip.length) throw new LineError('IP address and mask do not match');
        address = formatIp(ip);
        netmask = formatIp(mask);
      } else {
        // a host name (or .suffix): kept as text; the analysis cannot resolve it
        address = token;
      }
    }
  }
  if (fields.length <= k) throw new LineError('end-of-line before authentication method');
  let method = single(fields[k++], 'authentication type');
  if (!METHODS.has(method)) throw new LineError(`invalid authentication method "${method}"`);
  if (type === 'local' && method === 'ident') method = 'peer';
  if (type !== 'local' && method === 'peer') throw new LineError('peer authentication is only supported on local sockets');
  if (method === 'cert' && type !== 'hostssl') throw new LineError('cert authentication is only supported on hostssl connections');
  const options: string[] = [];
  for (const f of fields.slice(k)) {
    for (const t of f) {
      if (!t.text.includes('=')) throw new LineError(`authentication option not in name=value format: ${t.text}`);
      const name = t.text.slice(0, t.text.indexOf('='));
      if (!OPTIONS.has(name)) throw new LineError(`unrecognized authentication option name: "${name}"`);
      options.push(t.text);
    }
  }
  if (method === 'cert' && !options.some((o) => o.startsWith('clientcert='))) options.push('clientcert=verify-full');
  return {
    type,
    database: fields[1].map((t) => t.text),
    user_name: fields[2].map((t) => t.text),
    database_tokens: fields[1],
    user_tokens: fields[2],
    address,
    netmask,
    auth_method: method,
    options: options.length ? options : null,
  };
}

/**
 * Parses `path` (read through `read`) and the files it includes into the view's rows, in the
 * order PostgreSQL reads them. A missing or unreadable top file throws; include problems are
 * error rows on the directive's line, as in pg_hba_file_rules.
 */
export interface HbaServerFacts {
  /** the server's ssl setting: hostssl lines are errors when it is off, as in the view */
  ssl?: boolean;
}

export function parseHbaFile(path: string, read: HbaReadFile, listDir: HbaListDir, server: HbaServerFacts = {}): HbaFileRule[] {
  const rows: HbaFileRule[] = [];
  let ruleNumber = 0;
  const errorRow = (file: string, line: number, error: string): HbaFileRule => ({
    rule_number: null, file_name: file, line_number: line, type: null, database: null, user_name: null,
    address: null, netmask: null, auth_method: null, options: null, error,
  });
  const walk = (file: string, text: string, depth: number) => {
    for (const [lineNo, line] of hbaLogicalLines(text)) {
      const fields = hbaFields(line);
      if (!fields.length) continue;
      const head = fields[0][0];
      if (!head.quoted && fields[0].length === 1 && /^include(_if_exists|_dir)?$/.test(head.text)) {
        if (fields.length !== 2 || fields[1].length !== 1) {
          rows.push(errorRow(file, lineNo, `invalid syntax: "${head.text}" takes exactly one file or directory name`));
          continue;
        }
        const target = resolveAgainst(file, fields[1][0].text);
        if (depth + 1 > MAX_DEPTH) {
          rows.push(errorRow(file, lineNo, `could not open file "${target}": maximum nesting depth exceeded`));
          continue;
        }
        try {
          if (head.text === 'include_dir') {
            const names = listDir(target);
            if (names === null) { rows.push(errorRow(file, lineNo, `could not open directory "${target}"`)); continue; }
            for (const name of names.filter((n) => n.endsWith('.conf') && !n.startsWith('.')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
              const inner = `${target}/${name}`;
              const t = read(inner);
              if (t !== null) walk(inner, t, depth + 1);
            }
          } else {
            const t = read(target);
            if (t === null) {
              if (head.text === 'include') rows.push(errorRow(file, lineNo, `could not open file "${target}": No such file or directory`));
              continue;
            }
            walk(target, t, depth + 1);
          }
        } catch (e) {
          rows.push(errorRow(file, lineNo, `could not open "${target}": ${(e as Error).message}`));
        }
        continue;
      }
      try {
        const rule = parseRule(fields);
        if (rule.type === 'hostssl' && server.ssl === false) {
          // the view keeps the line's columns and names the error
          rows.push({ rule_number: null, file_name: file, line_number: lineNo, ...rule, error: 'hostssl record cannot match because SSL is disabled' });
          continue;
        }
        rows.push({ rule_number: ++ruleNumber, file_name: file, line_number: lineNo, ...rule, error: null });
      } catch (e) {
        if (!(e instanceof LineError)) throw e;
        rows.push(errorRow(file, lineNo, e.message));
      }
    }
  };
  const top = read(path);
  if (top === null) throw new Error(`${path}: no such file`);
  walk(path, top, 0);
  return rows;
}

/** An SQL literal safe whatever standard_conforming_strings says (E'' strings, backslash and quote escaped). */
function sqlText(v: string | null): string {
  if (v === null) return 'NULL::text';
  return `E'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
const sqlArray = (v: string[] | null) => (v === null ? 'NULL::text[]' : `ARRAY[${v.map(sqlText).join(', ')}]::text[]`);
const sqlInt = (v: number | null) => (v === null ? 'NULL::int' : `${Math.trunc(v)}::int`);

/** The columns of the `hba_source` CTE every hba block reads (and of the fact hba_rules). */
export const HBA_SOURCE_COLUMNS = ['rule_order', 'file_name', 'line_number', 'type', 'database', 'user_name', 'address', 'netmask',
  'auth_method', 'options', 'error', 'changed_since_load'] as const;

/**
 * The parsed rows as the fact hba_rules has them. changed_since_load is NULL: whether the file
 * differs from what the server loaded is a question about the loaded file, not this one.
 */
export function hbaRulesFactRows(rows: HbaFileRule[]): Record<string, unknown>[] {
  return rows.map((r) => ({
    rule_order: r.rule_number, file_name: r.file_name, line_number: r.line_number, type: r.type, database: r.database,
    user_name: r.user_name, address: r.address, netmask: r.netmask, auth_method: r.auth_method, options: r.options,
    error: r.error, changed_since_load: null,
  }));
}

/**
 * The CTE `hba_source(...) AS (VALUES ...)` of the parsed rows, for a query written to read a
 * CTE of that name (the matrix query after its own source: build/extension.mjs
 * hbaMatrixAfterSource). A VALUES list of literals: the planner knows how many rows there are.
 */
export function hbaSourceCte(rows: HbaFileRule[]): string {
  const values = rows.map((r) => `(${[sqlInt(r.rule_number), sqlText(r.file_name), sqlInt(r.line_number), sqlText(r.type), sqlArray(r.database),
    sqlArray(r.user_name), sqlText(r.address), sqlText(r.netmask), sqlText(r.auth_method), sqlArray(r.options), sqlText(r.error), 'NULL::boolean'].join(', ')})`);
  const body = values.length
    ? `VALUES ${values.join(',\n  ')}`
    : 'SELECT NULL::int, NULL::text, NULL::int, NULL::text, NULL::text[], NULL::text[], NULL::text, NULL::text, NULL::text, NULL::text[], NULL::text, NULL::boolean WHERE false';
  return `hba_source(${HBA_SOURCE_COLUMNS.join(', ')}) AS (\n  ${body}\n)\n`;
}
