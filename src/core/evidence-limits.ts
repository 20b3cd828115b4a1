// Caps on what one executor may hand the engine, and the checks that enforce them. One
// hostile or careless check (a million rows, a 100 MB value, JSON nested thousands deep, a
// NUL byte) must cost that check a Failed verdict, never the run, the report or the store.
// Runtime-free: the same code runs in Node and inside QuickJS/V8 in the database.

/** Rows one SQL executor may return; the SQL wrapper reads at most one more to notice. */
export const MAX_ROWS = 10_000;
/** Bytes of JSON one SQL executor may return (all rows together), counted by the server. */
export const MAX_SQL_BYTES = 4 * 1024 * 1024;
/** Bytes of stdout and of stderr one shell executor may write; the script is killed beyond. */
export const MAX_SHELL_BYTES = 1024 * 1024;
/** Nesting of an executor's JSON result (the row array and row object count as 2 levels). */
export const MAX_DEPTH = 32;

/** Why an executor's output was refused: the reason names the cap, for the Failed verdict. */
export function rowsCapMessage(maxRows = MAX_ROWS): string {
  return `result exceeds the evidence cap of ${maxRows} rows (sec_check reads at most ${maxRows})`;
}
export function bytesCapMessage(bytes: number, maxBytes = MAX_SQL_BYTES): string {
  return `result of at least ${bytes} bytes exceeds the evidence cap of ${maxBytes} bytes`;
}

/** Caps of one query: an executor's evidence, or a fact (shared by several checks, so larger). */
export interface RowCaps { maxRows: number; maxBytes: number }
export const EXECUTOR_CAPS: RowCaps = { maxRows: MAX_ROWS, maxBytes: MAX_SQL_BYTES };
export const FACT_CAPS: RowCaps = { maxRows: 200_000, maxBytes: 32 * 1024 * 1024 };
export function depthCapMessage(): string {
  return `result nested deeper than the evidence cap of ${MAX_DEPTH} levels`;
}
export function shellCapMessage(stream: 'stdout' | 'stderr'): string {
  return `${stream} exceeds the evidence cap of ${MAX_SHELL_BYTES} bytes; the script was stopped`;
}

/**
 * Wraps one executor SELECT so the server itself bounds what it sends: at most MAX_ROWS + 1
 * rows are read (LIMIT), a row is turned into JSON only when its raw size is under the byte
 * cap, the running total stops the aggregate at the cap, and when the rows are too many or
 * too large the single result row carries only the counts (sec_check_rows is NULL).
 * Neither the backend's aggregate nor the client ever holds more than the cap. No sort and
 * no ordered aggregate: rows keep the executor's order without extra copies.
 */
export function wrapSelect(sql: string, caps: RowCaps = EXECUTOR_CAPS): string {
  const body = sql.replace(/(?:\s|;|--[^\n]*)+$/u, '');
  const { maxRows: MAX_ROWS, maxBytes: MAX_SQL_BYTES } = caps;
  const within = `count(*) <= ${MAX_ROWS} AND coalesce(max(sec_check_total), 0) <= ${MAX_SQL_BYTES}`;
  return `SELECT count(*) AS sec_check_count, coalesce(max(sec_check_total), 0) AS sec_check_bytes,
  CASE WHEN ${within}
       THEN '[' || coalesce(string_agg(sec_check_json, ',') FILTER (WHERE sec_check_total <= ${MAX_SQL_BYTES}), '') || ']'
  END AS sec_check_rows
FROM (SELECT sec_check_json, sum(coalesce(octet_length(sec_check_json), sec_check_raw)) OVER (ROWS UNBOUNDED PRECEDING) AS sec_check_total
  FROM (SELECT CASE WHEN sec_check_raw <= ${MAX_SQL_BYTES} THEN row_to_json(sec_check_r.sec_check_row)::text END AS sec_check_json, sec_check_raw
    FROM (SELECT sec_check_row, pg_column_size(sec_check_row) AS sec_check_raw
      FROM (SELECT * FROM (
${body}
) AS sec_check_q LIMIT ${MAX_ROWS + 1}) AS sec_check_row) AS sec_check_r) AS sec_check_j) AS sec_check_s`;
}

const SAFE = 9007199254740991; // 2^53 - 1

/**
 * Walks JSON text once without recursion: returns its maximum nesting depth and the text
 * with every integer beyond ±(2^53 - 1) turned into a string holding its exact digits, so
 * JSON.parse cannot round it (int8 values such as 9223372036854775807 stay exact).
 * Validators therefore see big integers as strings, in every runtime.
 */
export function inspectJson(text: string): { depth: number; text: string } {
  let depth = 0;
  let max = 0;
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      depth++;
      if (depth > max) max = depth;
      i++;
    } else if (c === 93 || c === 125) {
      depth--;
      i++;
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) i++;
        else break;
      }
      const token = text.slice(start, i);
      if (token.length >= 16 && /^-?\d+$/.test(token) && Math.abs(Number(token)) > SAFE) {
        out += text.slice(copied, start) + '"' + token + '"';
        copied = i;
      }
    } else i++;
  }
  return { depth: max, text: copied === 0 ? text : out + text.slice(copied) };
}

/** Parses an executor's JSON result within the caps; an over-deep result is refused unparsed. */
export function parseEvidence(text: string): { ok: true; value: unknown; text: string } | { ok: false; error: string } {
  const seen = inspectJson(text);
  if (seen.depth > MAX_DEPTH) return { ok: false, error: depthCapMessage() };
  try {
    return { ok: true, value: JSON.parse(seen.text), text: seen.text };
  } catch (e) {
    return { ok: false, error: `unreadable result: ${String(e)}` };
  }
}

// NUL cannot be stored in PostgreSQL text/jsonb, and a lone UTF-16 surrogate cannot be
// stored in jsonb: both become visible stand-ins instead of failing the store.
const UNSTORABLE = /[\u0000\ud800-\udfff]/;

/** The string with NUL as U+2400 (␀) and lone surrogates as U+FFFD. */
export function storableText(s: string): string {
  if (!UNSTORABLE.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) out += '\u2400';
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s[i] + s[i + 1];
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out += '\ufffd';
    else out += s[i];
  }
  return out;
}

/**
 * Makes every string (values and keys) of a JSON-like value storable, in place where it
 * can, without recursion. Returns the value (a new string when the value is a string).
 */
export function storableValue<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as unknown as T;
  if (!value || typeof value !== 'object') return value;
  const stack: object[] = [value as unknown as object];
  const seen = new Set<object>();
  while (stack.length) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v = node[i];
        if (typeof v === 'string') node[i] = storableText(v);
        else if (v && typeof v === 'object') stack.push(v);
      }
    } else {
      const rec = node as Record<string, unknown>;
      for (const key of Object.keys(rec)) {
        const v = rec[key];
        const k = storableText(key);
        if (k !== key) delete rec[key];
        if (typeof v === 'string') rec[k] = storableText(v);
        else {
          if (k !== key) rec[k] = v;
          if (v && typeof v === 'object') stack.push(v);
        }
      }
    }
  }
  return value;
}
