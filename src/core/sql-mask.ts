// Secrets out of SQL text, on the tokens of sql-lexer.ts (runtime-free). One set of rules for
// the pgaudit ingester (pgaudit/mask.ts) and the DDL trail, whose PL/pgSQL twin is
// sec_check.ddl_mask_statement (sql/325_*); test/fixtures/sql-mask-cases.json and the
// generated spellings of test/unit/sql-mask.test.ts and test/integration/sql-mask-twin.test.ts
// run through both and must give the same text. docs/architecture.md, "DDL trail", states
// the rules; in short:
//   1. a secret name (an identifier, keyword or quoted name containing password, passwd, pwd,
//      secret, token, apikey/api_key, private_key, access_key or credential; not
//      password_required or password_encryption), optionally followed by =, =>, := or TO,
//      then a string constant: the constant becomes '***', and so does each further constant
//      joined to it with ||; followed by a $n parameter: the parameters are masked;
//   2. in every other string constant, decoded: the value of a secret key in key=value text
//      (libpq conninfo: quoted '...' with \-escapes, or up to the next white space) becomes
//      ***, the password of a URI's user info (://user:PASSWORD@host, up to the last @
//      before white space or a quote) becomes ***, and the text, read as SQL, is masked
//      the same way (DO bodies, EXECUTE strings; two levels deep); a changed constant is
//      written back in its own quoting style;
//   3. the text is read both with standard_conforming_strings on and off (when it holds a
//      backslash): the replacements of both readings are applied, and where they overlap the
//      union of the two spans becomes '***'.
import { lexSql, significantTokens, type Token } from './sql-lexer.ts';

export interface MaskResult {
  text: string;
  /** a $n parameter is bound to a secret name (mask the statement's parameters) */
  maskParameters: boolean;
}

const SECRET_NAME = /password|passwd|pwd|secret|token|api_?key|private_?key|access_?key|credential/;
const NOT_SECRET = new Set(['password_required', 'password_encryption']);
/** Fast path: text without any of these has nothing the rules could mask. */
export const MASK_PREFILTER = /pass|pwd|secret|token|api_?key|private_?key|access_?key|credential|:\/\/|\\|u&/i;
/** Nested SQL is read this deep (a DO body, then an EXECUTE string in it). */
const MAX_DEPTH = 2;

export function isSecretName(name: string): boolean {
  const n = name.toLowerCase();
  return SECRET_NAME.test(n) && !NOT_SECRET.has(n);
}

interface Edit { start: number; end: number; text: string }

/** Masks `text`; see the rules at the top of this file. */
export function maskSql(text: string): MaskResult {
  return maskLevel(text, 0);
}

function maskLevel(text: string, depth: number): MaskResult {
  if (!MASK_PREFILTER.test(text)) return { text, maskParameters: false };
  const on = edits(text, true, depth);
  if (!text.includes('\\')) return { text: apply(text, on.edits), maskParameters: on.maskParameters };
  const off = edits(text, false, depth);
  return { text: apply(text, merge(on.edits, off.edits)), maskParameters: on.maskParameters || off.maskParameters };
}

/** The replacements one reading of the text calls for, in text order. */
function edits(text: string, scs: boolean, depth: number): { edits: Edit[]; maskParameters: boolean } {
  const sig = significantTokens(lexSql(text, { standardConformingStrings: scs }));
  const out: Edit[] = [];
  const masked = new Set<Token>();
  let maskParameters = false;
  for (let k = 0; k < sig.length; k++) {
    const t = sig[k];
    if ((t.kind !== 'ident' && t.kind !== 'qident') || !isSecretName(t.value)) continue;
    let j = k + 1;
    const link = sig[j];
    if (link && ((link.kind === 'op' && (link.value === '=' || link.value === '=>' || link.value === ':=')) || (link.kind === 'ident' && link.value === 'to'))) j++;
    if (sig[j]?.kind === 'param') { maskParameters = true; continue; }
    while (sig[j]?.kind === 'string') {
      masked.add(sig[j]);
      out.push({ start: sig[j].start, end: sig[j].end, text: "'***'" });
      if (sig[j + 1]?.kind === 'op' && sig[j + 1].value === '||' && sig[j + 2]?.kind === 'string') j += 2;
      else break;
    }
  }
  for (const t of sig) {
    if (t.kind !== 'string' || masked.has(t) || t.style === 'bit' || t.style === 'hex') continue;
    const value = maskValue(t.value, depth);
    if (value.maskParameters) maskParameters = true;
    if (value.text !== t.value) out.push({ start: t.start, end: t.end, text: encodeString(value.text, t, text) });
  }
  out.sort((a, b) => a.start - b.start);
  return { edits: out, maskParameters };
}

/** A string constant's decoded text with the key=value, URI and nested SQL rules applied. */
function maskValue(value: string, depth: number): MaskResult {
  let v = maskConninfo(value);
  v = maskUriPasswords(v);
  if (depth < MAX_DEPTH) {
    const inner = maskLevel(v, depth + 1);
    return inner;
  }
  return { text: v, maskParameters: false };
}

/** key=value pairs whose key is a secret name: the value becomes *** ('***' when quoted). */
export function maskConninfo(value: string): string {
  if (!value.includes('=')) return value;
  let out = '';
  let copied = 0;
  let i = 0;
  const re = /[A-Za-z0-9_]+/g;
  for (;;) {
    re.lastIndex = i;
    const m = re.exec(value);
    if (!m) break;
    const keyEnd = m.index + m[0].length;
    let j = keyEnd;
    while (isWhite(value[j])) j++;
    if (value[j] !== '=' || !isSecretName(m[0])) {
      i = keyEnd;
      continue;
    }
    j++;
    while (isWhite(value[j])) j++;
    const valueStart = j;
    let replacement: string;
    if (value[j] === "'") {
      j++;
      while (j < value.length && value[j] !== "'") j += value[j] === '\\' ? 2 : 1;
      j = Math.min(j + 1, value.length);
      replacement = "'***'";
    } else {
      while (j < value.length && !isWhite(value[j])) j += value[j] === '\\' ? 2 : 1;
      j = Math.min(j, value.length);
      replacement = '***';
    }
    if (j > valueStart) {
      out += value.slice(copied, valueStart) + replacement;
      copied = j;
    }
    i = Math.max(j, keyEnd);
  }
  return out + value.slice(copied);
}

/** ://user:PASSWORD@host: the password (up to the last @ before white space or a quote) becomes ***. */
export function maskUriPasswords(value: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const k = value.indexOf('://', i);
    if (k < 0) break;
    const from = k + 3;
    let end = from;
    while (end < value.length && !isWhite(value[end]) && value[end] !== "'" && value[end] !== '"') end++;
    const run = value.slice(from, end);
    const at = run.lastIndexOf('@');
    const colon = at > 0 ? run.indexOf(':') : -1;
    if (colon >= 0 && colon < at && at > colon + 1) {
      out += value.slice(i, from + colon + 1) + '***' + value.slice(from + at, end);
    } else {
      out += value.slice(i, end);
    }
    i = end;
  }
  return out + value.slice(i);
}

const isWhite = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** A string constant in the style of `t` holding `value`. */
function encodeString(value: string, t: Token, text: string): string {
  switch (t.style) {
    case 'dollar': {
      const tag = /^\$[^$]*\$/.exec(text.slice(t.start, t.end))![0];
      return tag + value + tag;
    }
    case 'escape':
      return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 'national':
      return value.includes('\\') ? `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : `N'${value.replace(/'/g, "''")}'`;
    default:
      return value.includes('\\') ? `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : `'${value.replace(/'/g, "''")}'`;
  }
}

/** Both readings' edits: equal ones once, overlapping ones as one '***' over their union. */
function merge(a: Edit[], b: Edit[]): Edit[] {
  const all = [...a, ...b].sort((x, y) => x.start - y.start || x.end - y.end);
  const out: Edit[] = [];
  for (const e of all) {
    const last = out[out.length - 1];
    if (last && e.start < last.end) {
      if (!(e.start === last.start && e.end === last.end && e.text === last.text)) {
        out[out.length - 1] = { start: last.start, end: Math.max(last.end, e.end), text: "'***'" };
      }
      continue;
    }
    out.push(e);
  }
  return out;
}

function apply(text: string, list: Edit[]): string {
  let out = '';
  let i = 0;
  for (const e of list) {
    out += text.slice(i, e.start) + e.text;
    i = e.end;
  }
  return out + text.slice(i);
}
