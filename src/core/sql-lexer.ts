// The one SQL lexer of sec_check (runtime-free): PostgreSQL's lexical rules as scan.l states
// them, used by the side-effect scan (side-effects.ts), the catalog compiler
// (build/catalog-sql.ts) and statement masking (sql-mask.ts). sql/324_function_sql_tokens.sql
// is its twin in PL/pgSQL for the DDL trail; test/unit/sql-lexer.test.ts and the shared case
// table (test/fixtures/sql-mask-cases.json, run through both) keep them equal.
//
// Covered: whitespace, -- comments, nested /* */ comments, identifiers (non-ASCII letters
// and $ inside), "quoted" identifiers, U&"..." identifiers and U&'...' strings with an
// optional UESCAPE 'c', '...' strings (doubled quotes; backslash escapes when
// standard_conforming_strings is off), E'...' (\b \f \n \r \t \v, octal, \xHH, \uXXXX,
// \UXXXXXXXX), N'...', B'...', X'...', string continuation across a newline, $tag$ dollar
// quotes, $n parameters, numbers, operators (ending before -- or /*, trailing +/- trimmed as
// the server does), ::, :=, =>, .. and single characters. Never throws: an unterminated
// construct runs to the end of the text and is flagged.
//
// Decoded values: escapes that produce a character outside ASCII (and \0) decode to '?',
// in both lexers, because the PL/pgSQL twin must not depend on the database encoding; the
// structure masking looks for (names, =, quotes, @, :, /) is ASCII.

export type TokenKind =
  | 'space' | 'comment' | 'ident' | 'qident' | 'string' | 'param' | 'number' | 'op' | 'char';

/** How a string constant was written. */
export type StringStyle = 'std' | 'escape' | 'national' | 'unicode' | 'dollar' | 'bit' | 'hex';

export interface Token {
  kind: TokenKind;
  /** [start, end) in the source text */
  start: number;
  end: number;
  /**
   * ident: lower-cased (ASCII) name; qident: the name with quotes undone (U&"" decoded);
   * string: the decoded text (bit/hex: the digits); op/char: the text; param: the digits.
   */
  value: string;
  /** strings */
  style?: StringStyle;
  /** runs to the end of the text (string, quoted identifier, comment, dollar quote) */
  unterminated?: boolean;
  /** U&'' / U&"" whose escapes or UESCAPE clause the server would reject */
  invalid?: boolean;
  /** a U& token (its value was decoded) */
  unicode?: boolean;
}

export interface LexOptions {
  /** standard_conforming_strings (default on, as in every supported release) */
  standardConformingStrings?: boolean;
}

const OP_CHARS = '~!@#^&|`?+-*/%<>=';
/** $tag$ at a position (sticky): letters, _, non-ASCII; digits after the first */
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;
const OP_KEEP_TRAILING_SIGN = '~!@#^&|`?%';

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
const isHorizSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\f' || c === '\v';
const isNewline = (c: string | undefined) => c === '\n' || c === '\r';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);
/** identifier start: letters, _, and every non-ASCII character (bytes \200-\377 in scan.l) */
const isIdentStart = (c: string | undefined) => c !== undefined && (/^[A-Za-z_]$/.test(c) || c.charCodeAt(0) >= 0x80);
const isIdentCont = (c: string | undefined) => c !== undefined && (isIdentStart(c) || isDigit(c) || c === '$');
const isOpChar = (c: string | undefined) => c !== undefined && OP_CHARS.includes(c);

/** A decoded code point as lexers agree on it: ASCII kept (but \0), anything else '?'. */
function asciiOr(code: number): string {
  return code > 0 && code < 0x80 ? String.fromCharCode(code) : '?';
}

/** Lower-cases ASCII letters only, as the server does for unquoted identifiers. */
export function downcaseIdentifier(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** Tokens of `sql`, whitespace and comments included; concatenating their text gives `sql`. */
export function lexSql(sql: string, options: LexOptions = {}): Token[] {
  const scs = options.standardConformingStrings !== false;
  const tokens: Token[] = [];
  const n = sql.length;
  let i = 0;

  /** After a closing quote at `p` (index past it): where a continuation quote is, or -1. */
  const continuation = (p: number): number => {
    let j = p;
    // horizontal space and -- comments, then a newline (scan.l's whitespace_with_newline)
    for (;;) {
      if (isHorizSpace(sql[j])) { j++; continue; }
      if (sql[j] === '-' && sql[j + 1] === '-') { while (j < n && !isNewline(sql[j])) j++; continue; }
      break;
    }
    if (!isNewline(sql[j])) return -1;
    j++;
    for (;;) {
      if (isSpace(sql[j])) { j++; continue; }
      if (sql[j] === '-' && sql[j + 1] === '-') {
        while (j < n && !isNewline(sql[j])) j++;
        if (j >= n) return -1;
        j++;
        continue;
      }
      break;
    }
    return sql[j] === "'" ? j : -1;
  };

  /**
   * A quoted string body from `from` (just past the opening quote). `escapes`: backslash
   * escapes as in E''. `raw`: keep backslashes as written (U&'' is decoded afterwards).
   */
  const quoted = (from: number, escapes: boolean, doubling = true): { end: number; value: string; unterminated: boolean } => {
    let j = from;
    let value = '';
    for (;;) {
      if (j >= n) return { end: n, value, unterminated: true };
      const c = sql[j];
      if (c === "'") {
        if (doubling && sql[j + 1] === "'") { value += "'"; j += 2; continue; }
        const next = continuation(j + 1);
        if (next >= 0) { j = next + 1; continue; }
        return { end: j + 1, value, unterminated: false };
      }
      if (escapes && c === '\\') {
        const d = sql[j + 1];
        if (d === undefined) { j++; continue; }
        if (d >= '0' && d <= '7') {
          let k = j + 1;
          let code = 0;
          while (k < j + 4 && sql[k] !== undefined && sql[k] >= '0' && sql[k] <= '7') { code = code * 8 + Number(sql[k]); k++; }
          value += asciiOr(code & 0xff);
          j = k;
          continue;
        }
        if (d === 'x' && isHex(sql[j + 2])) {
          let k = j + 2;
          let hex = '';
          while (k < j + 4 && isHex(sql[k])) hex += sql[k++];
          value += asciiOr(parseInt(hex, 16));
          j = k;
          continue;
        }
        const len = d === 'u' ? 4 : d === 'U' ? 8 : 0;
        if (len && new RegExp(`^[0-9A-Fa-f]{${len}}$`).test(sql.slice(j + 2, j + 2 + len))) {
          value += asciiOr(parseInt(sql.slice(j + 2, j + 2 + len), 16));
          j += 2 + len;
          continue;
        }
        value += ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' } as Record<string, string>)[d] ?? d;
        j += 2;
        continue;
      }
      value += c;
      j++;
    }
  };

  /** Quoted identifier body from `from`; "" is a quote. */
  const quotedIdent = (from: number): { end: number; value: string; unterminated: boolean } => {
    let j = from;
    let value = '';
    for (;;) {
      if (j >= n) return { end: n, value, unterminated: true };
      if (sql[j] === '"') {
        if (sql[j + 1] === '"') { value += '"'; j += 2; continue; }
        return { end: j + 1, value, unterminated: false };
      }
      value += sql[j++];
    }
  };

  /** Skips whitespace and comments from `j`; returns the next significant index. */
  const skipTrivia = (j: number): number => {
    for (;;) {
      if (isSpace(sql[j])) { j++; continue; }
      if (sql[j] === '-' && sql[j + 1] === '-') { while (j < n && !isNewline(sql[j])) j++; continue; }
      if (sql[j] === '/' && sql[j + 1] === '*') { j = blockCommentEnd(j).end; continue; }
      return j;
    }
  };

  const blockCommentEnd = (from: number): { end: number; unterminated: boolean } => {
    let depth = 0;
    let j = from;
    while (j < n) {
      if (sql[j] === '/' && sql[j + 1] === '*') { depth++; j += 2; continue; }
      if (sql[j] === '*' && sql[j + 1] === '/') { depth--; j += 2; if (depth === 0) return { end: j, unterminated: false }; continue; }
      j++;
    }
    return { end: n, unterminated: true };
  };

  /** UESCAPE 'c' after a U& token ending at `end`: the clause's end and the escape, or null. */
  const uescape = (end: number): { end: number; escape: string | null } | null => {
    const k = skipTrivia(end);
    if (!/^uescape$/i.test(sql.slice(k, k + 7)) || isIdentCont(sql[k + 7])) return null;
    const q = skipTrivia(k + 7);
    if (sql[q] !== "'") return { end: k + 7, escape: null };
    const body = quoted(q + 1, false);
    const ok = !body.unterminated && body.value.length === 1 && !/[0-9A-Fa-f+'"\s]/.test(body.value);
    return { end: body.end, escape: ok ? body.value : null };
  };

  while (i < n) {
    const c = sql[i];
    const d = sql[i + 1];
    const start = i;
    const push = (t: Omit<Token, 'start'>) => { tokens.push({ start, ...t }); i = t.end; };

    if (isSpace(c)) {
      let j = i + 1;
      while (isSpace(sql[j])) j++;
      push({ kind: 'space', end: j, value: sql.slice(start, j) });
      continue;
    }
    if (c === '-' && d === '-') {
      let j = i + 2;
      while (j < n && !isNewline(sql[j])) j++;
      push({ kind: 'comment', end: j, value: sql.slice(start, j) });
      continue;
    }
    if (c === '/' && d === '*') {
      const b = blockCommentEnd(i);
      push({ kind: 'comment', end: b.end, value: sql.slice(start, b.end), ...(b.unterminated ? { unterminated: true } : {}) });
      continue;
    }
    // prefixed strings and U& identifiers, before the identifier rule (longest match)
    if ((c === 'u' || c === 'U') && d === '&' && (sql[i + 2] === "'" || sql[i + 2] === '"')) {
      const isString = sql[i + 2] === "'";
      const body = isString ? quoted(i + 3, false) : quotedIdent(i + 3);
      let end = body.end;
      let escape: string | null = '\\';
      let invalid = false;
      if (!body.unterminated) {
        const u = uescape(body.end);
        if (u) { end = u.end; escape = u.escape; if (escape === null) invalid = true; }
      }
      const decoded = escape === null ? { value: body.value, invalid: true } : decodeUnicodeEscapes(body.value, escape);
      const t: Omit<Token, 'start'> = isString
        ? { kind: 'string', style: 'unicode', end, value: decoded.value, unicode: true }
        : { kind: 'qident', end, value: decoded.value, unicode: true };
      if (body.unterminated) t.unterminated = true;
      if (invalid || decoded.invalid) t.invalid = true;
      push(t);
      continue;
    }
    if ((c === 'e' || c === 'E') && d === "'") {
      const body = quoted(i + 2, true);
      push({ kind: 'string', style: 'escape', end: body.end, value: body.value, ...(body.unterminated ? { unterminated: true } : {}) });
      continue;
    }
    if ((c === 'n' || c === 'N') && d === "'") {
      const body = quoted(i + 2, !scs);
      push({ kind: 'string', style: 'national', end: body.end, value: body.value, ...(body.unterminated ? { unterminated: true } : {}) });
      continue;
    }
    if ((c === 'b' || c === 'B' || c === 'x' || c === 'X') && d === "'") {
      const body = quoted(i + 2, false, false);
      push({ kind: 'string', style: c === 'b' || c === 'B' ? 'bit' : 'hex', end: body.end, value: body.value, ...(body.unterminated ? { unterminated: true } : {}) });
      continue;
    }
    if (c === "'") {
      const body = quoted(i + 1, !scs);
      push({ kind: 'string', style: 'std', end: body.end, value: body.value, ...(body.unterminated ? { unterminated: true } : {}) });
      continue;
    }
    if (c === '"') {
      const body = quotedIdent(i + 1);
      push({ kind: 'qident', end: body.end, value: body.value, ...(body.unterminated ? { unterminated: true } : {}) });
      continue;
    }
    if (c === '$') {
      if (isDigit(d)) {
        let j = i + 1;
        while (isDigit(sql[j])) j++;
        push({ kind: 'param', end: j, value: sql.slice(i + 1, j) });
        continue;
      }
      DOLLAR_TAG.lastIndex = i;
      const tag = DOLLAR_TAG.exec(sql);
      if (tag) {
        const delim = tag[0];
        const close = sql.indexOf(delim, i + delim.length);
        if (close < 0) {
          push({ kind: 'string', style: 'dollar', end: n, value: sql.slice(i + delim.length), unterminated: true });
        } else {
          push({ kind: 'string', style: 'dollar', end: close + delim.length, value: sql.slice(i + delim.length, close) });
        }
        continue;
      }
      push({ kind: 'char', end: i + 1, value: '$' });
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (isIdentCont(sql[j])) j++;
      push({ kind: 'ident', end: j, value: downcaseIdentifier(sql.slice(i, j)) });
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(d))) {
      const end = numberEnd(sql, i);
      push({ kind: 'number', end, value: sql.slice(i, end) });
      continue;
    }
    if (c === ':' && d === ':') { push({ kind: 'op', end: i + 2, value: '::' }); continue; }
    if (c === ':' && d === '=') { push({ kind: 'op', end: i + 2, value: ':=' }); continue; }
    if (c === '.' && d === '.') { push({ kind: 'op', end: i + 2, value: '..' }); continue; }
    if (isOpChar(c)) {
      let j = i;
      while (isOpChar(sql[j])) {
        // a comment start inside an operator ends it
        if (j > i && ((sql[j] === '-' && sql[j + 1] === '-') || (sql[j] === '/' && sql[j + 1] === '*'))) break;
        j++;
      }
      let op = sql.slice(i, j);
      // "+-" and "-" at the end belong to the next token unless the operator has one of ~!@#^&|`?%
      if (op.length > 1 && /[+-]$/.test(op) && ![...op].some((ch) => OP_KEEP_TRAILING_SIGN.includes(ch))) {
        op = op.replace(/[+-]+$/, '');
        if (op === '') op = sql[i];
      }
      push({ kind: 'op', end: i + op.length, value: op });
      continue;
    }
    push({ kind: 'char', end: i + 1, value: c });
  }
  return tokens;
}

/** End of a numeric literal starting at `i` (decimal, real, 0x/0o/0b, underscores). */
function numberEnd(sql: string, i: number): number {
  let j = i;
  if (sql[j] === '0' && /[xXoObB]/.test(sql[j + 1] ?? '') && /[0-9A-Fa-f_]/.test(sql[j + 2] ?? '')) {
    j += 2;
    while (/[0-9A-Fa-f_]/.test(sql[j] ?? '')) j++;
    return j;
  }
  while (/[0-9_]/.test(sql[j] ?? '')) j++;
  if (sql[j] === '.' && sql[j + 1] !== '.') {
    j++;
    while (/[0-9_]/.test(sql[j] ?? '')) j++;
  }
  if (/[eE]/.test(sql[j] ?? '')) {
    const k = /[+-]/.test(sql[j + 1] ?? '') ? j + 2 : j + 1;
    if (isDigit(sql[k])) {
      j = k;
      while (isDigit(sql[j])) j++;
    }
  }
  return j;
}

/** U&'' / U&"" escapes: \XXXX, \+XXXXXX and \\ (with the escape character `esc`). */
export function decodeUnicodeEscapes(raw: string, esc: string): { value: string; invalid: boolean } {
  let value = '';
  let invalid = false;
  for (let j = 0; j < raw.length;) {
    if (raw[j] !== esc) { value += raw[j++]; continue; }
    if (raw[j + 1] === esc) { value += esc; j += 2; continue; }
    const four = raw.slice(j + 1, j + 5);
    if (/^[0-9A-Fa-f]{4}$/.test(four)) { value += asciiOr(parseInt(four, 16)); j += 5; continue; }
    const six = raw.slice(j + 2, j + 8);
    if (raw[j + 1] === '+' && /^[0-9A-Fa-f]{6}$/.test(six)) { value += asciiOr(parseInt(six, 16)); j += 8; continue; }
    invalid = true;
    value += raw[j++];
  }
  return { value, invalid };
}

/** Tokens without whitespace and comments. */
export function significantTokens(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
}
