// PostgreSQL's three log formats cut into entries, on raw bytes so every entry has an exact
// byte offset (the ingester's exactly-once key). The caller hands in the unconsumed bytes of one
// file from a known offset; the splitter returns the complete entries and how many bytes they
// used. An entry is complete only when its end is certain:
//   stderr  — a line ending in a newline; secondary lines (DETAIL, CONTEXT, STATEMENT, ...) and
//             tab-led continuation lines that follow belong to it. PostgreSQL writes one message
//             (with its secondary lines) in one write, so a newline-terminated group at the end
//             of the data is whole.
//   csvlog  — a record whose newline falls outside quotes.
//   jsonlog — a newline-terminated line.
// Bytes after the last complete entry are left for the next call (a torn last line waits).
// Runtime-free: works on Uint8Array; decoding is injected (Node: Buffer#toString), with a
// portable fallback.
import { splitCsvLine } from './audit.ts';
import { compilePrefix, joinClient, normalizeTime, SECONDARY, type CompiledPrefix, type PrefixFields } from './prefix.ts';

export type LogFormat = 'stderr' | 'csvlog' | 'jsonlog';
export const LOG_FORMATS: readonly LogFormat[] = ['stderr', 'csvlog', 'jsonlog'];

/** An entry: the fields a log_line_prefix can carry (the same in csvlog and jsonlog) and its message. */
export interface LogEntry extends PrefixFields {
  /** byte offset of the entry's first byte in its file */
  offset: number;
  /** byte offset just past the entry (its terminating newline included) */
  end: number;
  message: string;
  /** the entry carried a CONTEXT part (pgaudit hides its own context: RAISE does not) */
  hasContext: boolean;
  /** the entry carried the statement that caused it (pgaudit hides it: errhidestmt) */
  hasStatement: boolean;
  /**
   * "function, file:line" of the code that logged it, present when log_error_verbosity is
   * verbose (stderr LOCATION line, csvlog location column, jsonlog func_name/file_name/
   * file_line_num): set by the server, not by the message's author.
   */
  location: string | null;
  /**
   * Why this entry's framing (where it starts, which lines belong to it) could have been
   * written by a client, or null when it could not: stderr lines carry log_line_prefix, whose
   * %a, %u and %d print text a client chooses (application_name, and the user and database
   * names of the startup packet, before authentication, line breaks included).
   */
  forgeable: string | null;
}

export interface Problem {
  file?: string;
  offset: number;
  reason: string;
}

/** UTF-8 bytes [start, end) to text, invalid sequences as U+FFFD. */
export type Decoder = (bytes: Uint8Array, start: number, end: number) => string;

export interface SplitOptions {
  format: LogFormat;
  /** stderr only: the compiled log_line_prefix */
  prefix?: CompiledPrefix;
  /** file offset of bytes[0] */
  baseOffset: number;
  decode?: Decoder;
  file?: string;
  /**
   * stderr only: the bytes end where the file ends now (not at a read-chunk boundary), so a
   * newline-terminated last group is whole. Default true.
   */
  atEnd?: boolean;
}

export interface SplitResult {
  entries: LogEntry[];
  /** bytes of the input fully accounted for (complete entries and skipped junk) */
  consumed: number;
  problems: Problem[];
}

const NL = 10;
const TAB = 9;
const QUOTE = 34;
const CR = 13;

export function splitEntries(bytes: Uint8Array, opts: SplitOptions): SplitResult {
  const decode = opts.decode ?? decodeUtf8;
  switch (opts.format) {
    case 'stderr': return splitStderr(bytes, opts.prefix ?? compilePrefix('%m [%p] '), opts.baseOffset, decode, opts.file, opts.atEnd ?? true);
    case 'csvlog': return splitCsv(bytes, opts.baseOffset, decode, opts.file);
    case 'jsonlog': return splitJson(bytes, opts.baseOffset, decode, opts.file);
  }
}

// ---------------------------------------------------------------- stderr

function splitStderr(bytes: Uint8Array, prefix: CompiledPrefix, base: number, decode: Decoder, file: string | undefined, atEnd: boolean): SplitResult {
  const entries: LogEntry[] = [];
  const problems: Problem[] = [];
  let consumed = 0;
  // the open group: its entry, where its first line starts, the message's first character in
  // that line, where its message bytes end (before any secondary line), and whether a secondary
  // line has begun
  let current: { entry: LogEntry; start: number; messageStart: number; messageEnd: number; inSecondary: boolean; line: string | null; lineBytes: number } | null = null;
  const finish = (end: number) => {
    if (!current) return;
    const c = current;
    c.entry.end = base + end;
    // One decode for the whole message; stderr marks each line break inside a message with a
    // following tab, which is taken off again.
    // a one-line message decoded whole for the prefix match is not decoded again
    let text = (c.line !== null && c.messageEnd === c.start + c.lineBytes ? c.line : decode(bytes, c.start, c.messageEnd)).slice(c.messageStart);
    // verbose logs put the SQLSTATE before the message ("LOG:  00000: AUDIT: ...")
    if (c.entry.location !== null && SQLSTATE_HEAD.test(text)) text = text.slice(7);
    c.entry.message = text.includes('\n\t') ? text.split('\n\t').join('\n') : text;
    entries.push(c.entry);
    current = null;
    consumed = end;
  };
  let orphan = false;
  const forgeable = prefix.forgeable.length
    ? `log_line_prefix ${JSON.stringify(prefix.source)} prints ${prefix.forgeable.join(', ')} (text a client sets), which can start a line that looks like pgaudit's`
    : null;
  let pos = 0;
  while (pos < bytes.length) {
    const nl = bytes.indexOf(NL, pos);
    if (nl < 0) break; // torn: waits for its newline
    const lineEnd = nl > pos && bytes[nl - 1] === CR ? nl - 1 : nl;
    if (bytes[pos] === TAB) {
      // continuation of the message or of a secondary part after it
      if (current) {
        if (!current.inSecondary) { current.messageEnd = lineEnd; current.line = null; }
      } else {
        // the rest of a line already reported (or of one before this data): one problem, not one per line
        if (!orphan) problems.push({ file, offset: base + pos, reason: 'continuation line without an entry before it (skipped)' });
        orphan = true;
        consumed = nl + 1;
      }
      pos = nl + 1;
      continue;
    }
    // only the line's head can hold the prefix: a 10 MB line is not decoded twice
    const whole = lineEnd - pos <= PREFIX_WINDOW_BYTES;
    const line = decode(bytes, pos, whole ? lineEnd : pos + PREFIX_WINDOW_BYTES);
    const m = prefix.match(line);
    // A message and its secondary lines are one write of one process: a secondary line of
    // another pid is not this entry's (with a forgeable prefix a client can print lines that
    // look like one, to attach a CONTEXT to someone else's record and get it dropped)
    const samePid = !m || !current || m.fields.pid === null || current.entry.pid === null || m.fields.pid === current.entry.pid;
    if (m && SECONDARY.includes(m.fields.severity) && current && samePid) {
      current.inSecondary = true;
      if (m.fields.severity === 'CONTEXT') current.entry.hasContext = true;
      else if (m.fields.severity === 'STATEMENT') current.entry.hasStatement = true;
      else if (m.fields.severity === 'LOCATION') current.entry.location = line.slice(m.messageStart).trim();
      pos = nl + 1;
      continue;
    }
    finish(pos);
    orphan = !m;
    if (!m) {
      problems.push({ file, offset: base + pos, reason: `line does not match log_line_prefix ${JSON.stringify(prefix.source)} (skipped)` });
      consumed = nl + 1;
    } else if (SECONDARY.includes(m.fields.severity)) {
      // a DETAIL/CONTEXT/... line whose main line is not in this data: nothing to attach it to
      consumed = nl + 1;
    } else {
      const f = m.fields;
      current = {
        entry: {
          offset: base + pos, end: 0, time: f.time, pid: f.pid, user: f.user, database: f.database, client: f.client, severity: f.severity,
          message: '', hasContext: false, hasStatement: false, location: null, forgeable,
        },
        start: pos, messageStart: m.messageStart, messageEnd: lineEnd, inSecondary: false, line: whole ? line : null, lineBytes: lineEnd - pos,
      };
    }
    pos = nl + 1;
  }
  // The last group is whole only when the data ends with its newline: a torn tail may be its
  // continuation or its CONTEXT line, so then it waits too.
  if (current && atEnd && pos === bytes.length) finish(pos);
  return { entries, consumed, problems };
}

/** "XXXXX: " — the SQLSTATE a verbose log prints before each message. */
const SQLSTATE_HEAD = /^[0-9A-Z]{5}: /;

/** Bytes of a line decoded to match the prefix (a prefix is a few short values). */
const PREFIX_WINDOW_BYTES = 16384;

// ---------------------------------------------------------------- csvlog

/** csvlog columns that have not moved since PostgreSQL 9.0 (later majors only append columns). */
const CSV = { time: 0, user: 1, database: 2, pid: 3, client: 4, severity: 11, message: 13, context: 18, query: 19, location: 21 } as const;
const CSV_MIN_COLUMNS = 14;

function splitCsv(bytes: Uint8Array, base: number, decode: Decoder, file?: string): SplitResult {
  const entries: LogEntry[] = [];
  const problems: Problem[] = [];
  let consumed = 0;
  let pos = 0;
  while (pos < bytes.length) {
    // The record ends at the first newline outside quotes ("" toggles twice: no special case).
    const start = pos;
    let p = pos;
    let end = -1;
    for (;;) {
      const nl = bytes.indexOf(NL, p);
      if (nl < 0) break; // torn
      const q = bytes.indexOf(QUOTE, p);
      if (q < 0 || nl < q) { end = nl; break; }
      const close = bytes.indexOf(QUOTE, q + 1);
      if (close < 0) break; // torn inside quotes
      p = close + 1;
    }
    if (end < 0) break;
    pos = end + 1;
    consumed = pos;
    // one decode per record; quotes, commas and newlines are ASCII, so fields split on the text
    const text = decode(bytes, start, end > start && bytes[end - 1] === CR ? end - 1 : end);
    const fields = splitCsvLine(text, 0);
    if (typeof fields === 'string') {
      problems.push({ file, offset: base + start, reason: `malformed csvlog record (${fields}); skipped` });
      continue;
    }
    if (fields.length < CSV_MIN_COLUMNS) {
      problems.push({ file, offset: base + start, reason: `csvlog record with ${fields.length} columns (at least ${CSV_MIN_COLUMNS} expected); skipped` });
      continue;
    }
    const pid = Number(fields[CSV.pid]);
    entries.push({
      offset: base + start, end: base + pos,
      time: fields[CSV.time] ? normalizeTime(fields[CSV.time]) : null,
      pid: fields[CSV.pid] !== '' && Number.isInteger(pid) ? pid : null,
      user: fields[CSV.user] || null,
      database: fields[CSV.database] || null,
      client: csvClient(fields[CSV.client]),
      severity: fields[CSV.severity],
      message: fields[CSV.message],
      hasContext: (fields[CSV.context] ?? '') !== '',
      hasStatement: (fields[CSV.query] ?? '') !== '',
      location: fields[CSV.location] ? fields[CSV.location] : null,
      forgeable: null, // every field is quoted: no client text can end or start a record
    });
  }
  return { entries, consumed, problems };
}

/** csvlog writes host:port (the last colon separates the port) or [local]. */
function csvClient(v: string): string | null {
  if (!v) return null;
  const m = /^(.*):(\d+)$/.exec(v);
  return m ? joinClient(m[1], m[2]) : v;
}

// ---------------------------------------------------------------- jsonlog

function splitJson(bytes: Uint8Array, base: number, decode: Decoder, file?: string): SplitResult {
  const entries: LogEntry[] = [];
  const problems: Problem[] = [];
  let consumed = 0;
  let pos = 0;
  while (pos < bytes.length) {
    const nl = bytes.indexOf(NL, pos);
    if (nl < 0) break; // torn
    const start = pos;
    pos = nl + 1;
    consumed = pos;
    const text = decode(bytes, start, nl);
    if (text.trim() === '') continue;
    let o: unknown;
    try { o = JSON.parse(text); } catch (e) {
      problems.push({ file, offset: base + start, reason: `jsonlog line is not JSON (${String((e as Error).message).slice(0, 120)}); skipped` });
      continue;
    }
    if (o === null || typeof o !== 'object' || Array.isArray(o) || typeof (o as { message?: unknown }).message !== 'string') {
      problems.push({ file, offset: base + start, reason: 'jsonlog line is not an object with a "message" string; skipped' });
      continue;
    }
    const j = o as Record<string, unknown>;
    const str = (k: string) => (typeof j[k] === 'string' && j[k] !== '' ? j[k] as string : null);
    const host = str('remote_host');
    const port = typeof j.remote_port === 'number' || typeof j.remote_port === 'string' ? j.remote_port : null;
    entries.push({
      offset: base + start, end: base + pos,
      time: str('timestamp') === null ? null : normalizeTime(str('timestamp')!),
      pid: typeof j.pid === 'number' ? j.pid : null,
      user: str('user'),
      database: str('dbname'),
      client: host === null ? null : joinClient(host, port),
      severity: str('error_severity') ?? '',
      message: j.message as string,
      hasContext: str('context') !== null,
      hasStatement: str('statement') !== null,
      location: str('func_name') !== null || str('file_name') !== null
        ? `${str('func_name') ?? ''}, ${str('file_name') ?? ''}:${typeof j.file_line_num === 'number' ? j.file_line_num : ''}` : null,
      forgeable: null, // one escaped JSON object per line
    });
  }
  return { entries, consumed, problems };
}

// ---------------------------------------------------------------- UTF-8

/** Portable UTF-8 decoding with U+FFFD for each invalid sequence (the host may inject a faster one). */
export function decodeUtf8(b: Uint8Array, start: number, end: number): string {
  let out = '';
  let chunk: number[] = [];
  const flush = () => { out += String.fromCharCode.apply(null, chunk); chunk = []; };
  let i = start;
  while (i < end) {
    const c = b[i];
    let cp = 0xfffd;
    let n = 1;
    if (c < 0x80) { cp = c; }
    else if (c >= 0xc2 && c <= 0xdf && i + 1 < end && (b[i + 1] & 0xc0) === 0x80) { cp = ((c & 0x1f) << 6) | (b[i + 1] & 0x3f); n = 2; }
    else if (c >= 0xe0 && c <= 0xef && i + 2 < end && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80) {
      const v = ((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
      if (v >= 0x800 && (v < 0xd800 || v > 0xdfff)) { cp = v; n = 3; }
    } else if (c >= 0xf0 && c <= 0xf4 && i + 3 < end && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80 && (b[i + 3] & 0xc0) === 0x80) {
      const v = ((c & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
      if (v >= 0x10000 && v <= 0x10ffff) { cp = v; n = 4; }
    }
    if (cp > 0xffff) { const v = cp - 0x10000; chunk.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff)); }
    else chunk.push(cp);
    if (chunk.length >= 8192) flush();
    i += n;
  }
  flush();
  return out;
}
