// The Node edge of pgaudit ingestion: lists a log directory, identifies each physical file by
// its first line, reads the bytes after the stored offset, parses them with the runtime-free
// core (src/core/pgaudit) and hands events plus the new offset to a sink that commits both at
// once (the database, or stdout plus a local state file).
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, readdirSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type pg from 'pg';
import { checkInputDir, INPUT_CAPS, InputFileError, kindOf, openInputFile, readOptionalInputText } from '../session/input-file.ts';
import { eventRow, readAuditEvents, type AuditEvent, type CompiledPrefix, type LogFormat, type Problem } from '../core/pgaudit/index.ts';

export type FormatChoice = LogFormat | 'auto';

/** What one commit carries: the events of [fromOffset, toOffset) of one file. */
export interface Batch {
  fileKey: string;
  logFile: string;
  format: LogFormat;
  fromOffset: number;
  toOffset: number;
  events: AuditEvent[];
  problems: Problem[];
}

export interface Sink {
  /** bytes of the file already consumed (0 for a file never seen) */
  offset(fileKey: string): Promise<number>;
  /** Stores the batch and the new offset together; false when the stored offset is no longer fromOffset (another ingester moved it). */
  commit(batch: Batch): Promise<boolean>;
}

export interface PassResult {
  files: number; events: number; bytes: number; problems: Problem[];
  /** events stored as unverifiable (the log cannot show pgaudit wrote them), and why */
  unverifiable: number;
  unverifiableWhy: string[];
  /** files whose last bytes wait for the rest of an entry (torn, truncated or being written) */
  waiting: number;
  pending: { file: string; offset: number; bytes: number }[];
}

const COMPRESSED = /\.(gz|bz2|xz|zst|lz4|zip)$/i;
const ID_BYTES = 4096;

function formatOfName(name: string): LogFormat {
  if (name.endsWith('.csv')) return 'csvlog';
  if (name.endsWith('.json')) return 'jsonlog';
  return 'stderr';
}

/**
 * The log files of `dir` for the format, oldest first. auto picks ONE format (csvlog when
 * there are .csv files, else jsonlog when .json, else stderr): with several destinations on,
 * each record is in every format and must be ingested once.
 */
export function listLogFiles(dir: string, choice: FormatChoice): { format: LogFormat | null; files: string[]; skipped: Problem[] } {
  // a directory on a real file system (not /proc, not a file), checked before it is listed
  checkInputDir(dir, `--log-dir ${JSON.stringify(dir)}`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new InputFileError(`--log-dir ${JSON.stringify(dir)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const skipped: Problem[] = [];
  const files: { name: string; mtime: number; format: LogFormat }[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    let st;
    try { st = statSync(join(dir, name)); } catch { continue; } // removed meanwhile
    if (st.isDirectory()) continue;
    // a FIFO or a device is never opened (its read would block or never end): named, not read
    if (!st.isFile()) { skipped.push({ file: name, offset: 0, reason: `${kindOf(st)}, not a log file: not read` }); continue; }
    if (COMPRESSED.test(name)) { skipped.push({ file: name, offset: 0, reason: 'compressed log file: not read (decompress it into the directory to ingest it)' }); continue; }
    files.push({ name, mtime: st.mtimeMs, format: formatOfName(name) });
  }
  let format: LogFormat | null = choice === 'auto' ? null : choice;
  if (format === null) {
    const has = (f: LogFormat) => files.some((x) => x.format === f);
    format = has('csvlog') ? 'csvlog' : has('jsonlog') ? 'jsonlog' : has('stderr') ? 'stderr' : null;
  }
  const chosen = files.filter((f) => f.format === format).sort((a, b) => a.mtime - b.mtime || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { format, files: chosen.map((f) => f.name), skipped };
}

/**
 * A physical file's identity: a hash of its first line (at most 4 KB). PostgreSQL's first line
 * carries a millisecond timestamp and a pid, so a reused name (or a reused inode) is a new key,
 * and a renamed or copied file keeps its key. null while the first line is not complete.
 */
export function fileKeyOf(path: string): string | null {
  const { fd } = openLog(path);
  try {
    const buf = Buffer.alloc(ID_BYTES);
    const n = readSync(fd, buf, 0, ID_BYTES, 0);
    const nl = buf.subarray(0, n).indexOf(10);
    if (nl < 0 && n < ID_BYTES) return null;
    const head = buf.subarray(0, nl < 0 ? n : nl + 1);
    return 'sha256:' + createHash('sha256').update(head).digest('hex').slice(0, 40);
  } finally {
    closeSync(fd);
  }
}

/**
 * A log file opened for streaming through the checked reader: regular, on a real file system
 * (a symlink into /proc is refused), type checked before the open; no size cap (logs are read
 * in chunks from an offset).
 */
function openLog(path: string): { fd: number } {
  return openInputFile(path, Number.MAX_SAFE_INTEGER);
}

/** Node's decoder: invalid UTF-8 becomes U+FFFD (offsets stay bytes); NUL, which text cannot hold, too. */
function nodeDecode(b: Uint8Array, start: number, end: number): string {
  const text = (b as Buffer).toString('utf8', start, end);
  return text.includes('\0') ? text.replace(/\0/g, '\uFFFD') : text;
}

export interface IngestOptions {
  dir: string;
  format: FormatChoice;
  /** needed for stderr */
  prefix: CompiledPrefix | null;
  sink: Sink;
  /** first read size; doubled while one entry does not fit (default 8 MiB) */
  chunkBytes?: number;
}

/** One pass over the directory: every complete new entry once, torn tails left for later. */
export async function ingestPass(opts: IngestOptions): Promise<PassResult> {
  const listing = listLogFiles(opts.dir, opts.format);
  const result: PassResult = { files: 0, events: 0, bytes: 0, problems: [...listing.skipped], unverifiable: 0, unverifiableWhy: [], waiting: 0, pending: [] };
  if (listing.format === null) return result;
  if (listing.format === 'stderr' && !opts.prefix) throw new Error('stderr logs need the server\'s log_line_prefix (--log-line-prefix, or --store to read it with SHOW)');
  for (const name of listing.files) {
    const path = join(opts.dir, name);
    let key: string | null;
    try { key = fileKeyOf(path); } catch (e) {
      // removed meanwhile: nothing to say; anything else (now a FIFO, a link into /proc): named
      if (e instanceof InputFileError && !/: file not found$/.test(e.message)) result.problems.push({ file: name, offset: 0, reason: `${e.message.slice(path.length + 2)}: not read` });
      continue;
    }
    if (key === null) {
      result.waiting++;
      try { result.pending.push({ file: name, offset: 0, bytes: statSync(path).size }); } catch { /* removed meanwhile */ }
      continue;
    }
    result.files++;
    await ingestFile(path, key, listing.format, opts, result);
  }
  return result;
}

async function ingestFile(path: string, key: string, format: LogFormat, opts: IngestOptions, result: PassResult): Promise<void> {
  const name = basename(path);
  let chunk = opts.chunkBytes ?? 8 * 1024 * 1024;
  let offset = await opts.sink.offset(key);
  const { fd } = openLog(path);
  try {
    for (;;) {
      const size = fstatSync(fd).size;
      if (size < offset) {
        result.problems.push({ file: name, offset, reason: `file is shorter (${size} bytes) than the offset already read; not read again` });
        return;
      }
      if (size === offset) return;
      const want = Math.min(chunk, size - offset);
      const buf = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const n = readSync(fd, buf, got, want - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      const bytes = buf.subarray(0, got);
      const atEnd = offset + got >= size;
      const r = readAuditEvents(bytes, { format, prefix: opts.prefix ?? undefined, baseOffset: offset, file: name, decode: nodeDecode, atEnd });
      if (r.consumed === 0) {
        if (atEnd) { result.waiting++; result.pending.push({ file: name, offset, bytes: size - offset }); return; } // a torn last entry: wait for the rest
        chunk *= 2; // one entry longer than the read: read more at once (no re-parse per byte)
        continue;
      }
      const ok = await opts.sink.commit({ fileKey: key, logFile: name, format, fromOffset: offset, toOffset: offset + r.consumed, events: r.events, problems: r.problems });
      if (!ok) { offset = await opts.sink.offset(key); continue; } // another ingester moved on: resume from there
      result.events += r.events.length;
      result.unverifiable += r.events.filter((e) => e.origin === 'unverifiable').length;
      for (const why of r.unverifiable) if (!result.unverifiableWhy.includes(why)) result.unverifiableWhy.push(why);
      result.bytes += r.consumed;
      result.problems.push(...r.problems);
      offset += r.consumed;
      if (atEnd && offset < size) { result.waiting++; result.pending.push({ file: name, offset, bytes: size - offset }); return; }
    }
  } finally {
    closeSync(fd);
  }
}

// ------------------------------------------------------------------ sinks

const rowOf = eventRow;

const INSERT_EVENTS = `INSERT INTO sec_check.audit_events (file_key, log_file, log_offset, logged_at, pid, user_name, database_name,
    client, audit_type, statement_id, substatement_id, class, command, object_type, object_name, statement, parameters, origin)
  SELECT file_key, log_file, log_offset, logged_at, pid, user_name, database_name, client, audit_type, statement_id,
    substatement_id, class, command, object_type, object_name, statement, parameters, origin
    FROM pg_catalog.jsonb_to_recordset($1::jsonb) AS r(file_key text, log_file text, log_offset bigint, logged_at timestamptz,
      pid integer, user_name text, database_name text, client text, audit_type text, statement_id bigint, substatement_id bigint,
      class text, command text, object_type text, object_name text, statement text, parameters text, origin text)
  ON CONFLICT DO NOTHING`; // no conflict target (it would need SELECT on its columns): only (file_key, log_offset) can clash

/** Events and offset in the database, one transaction per batch (the offset row locked). */
export function databaseSink(client: pg.Client): Sink {
  return {
    async offset(key) {
      const r = await client.query('SELECT log_offset FROM sec_check.audit_ingest_state WHERE file_key = $1', [key]);
      return r.rows.length ? Number(r.rows[0].log_offset) : 0;
    },
    async commit(b) {
      await client.query('BEGIN');
      try {
        await client.query(`INSERT INTO sec_check.audit_ingest_state (file_key, log_file, log_format) VALUES ($1, $2, $3)
          ON CONFLICT (file_key) DO NOTHING`, [b.fileKey, b.logFile, b.format]);
        const cur = await client.query('SELECT log_offset FROM sec_check.audit_ingest_state WHERE file_key = $1 FOR UPDATE', [b.fileKey]);
        if (Number(cur.rows[0].log_offset) !== b.fromOffset) { await client.query('ROLLBACK'); return false; }
        for (let i = 0; i < b.events.length; i += 500) {
          await client.query(INSERT_EVENTS, [JSON.stringify(b.events.slice(i, i + 500).map((e) => rowOf(b.fileKey, e)))]);
        }
        await client.query(`UPDATE sec_check.audit_ingest_state SET log_offset = $2, log_file = $3, events = events + $4,
            problems = problems + $5, updated_at = pg_catalog.now() WHERE file_key = $1`,
          [b.fileKey, b.toOffset, b.logFile, b.events.length, b.problems.length]);
        await client.query('COMMIT');
        return true;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      }
    },
  };
}

interface StateFile { format: 'sec_check-pgaudit-ingest-state'; version: 1; files: Record<string, { log_file: string; log_offset: number; events: number }> }

/**
 * Without a database: events as JSON lines on `write`, progress in a local state file written
 * (atomically, by rename) after the batch's lines. A crash between the two repeats that batch
 * on the next run; each line carries file_key and log_offset, the key to drop repeats by.
 * Without a state file every run starts from the beginning of every file.
 */
export function printSink(write: (text: string) => Promise<void>, statePath: string | null): Sink {
  let state: StateFile = { format: 'sec_check-pgaudit-ingest-state', version: 1, files: {} };
  const stateText = statePath ? readOptionalInputText(statePath, INPUT_CAPS.document, `--state ${JSON.stringify(statePath)}`) : null;
  if (statePath && stateText !== null) {
    let parsed: unknown;
    try { parsed = JSON.parse(stateText); } catch (e) {
      throw new Error(`--state ${JSON.stringify(statePath)}: not JSON (${(e as Error).message})`);
    }
    const p = parsed as Partial<StateFile>;
    if (!p || p.format !== 'sec_check-pgaudit-ingest-state' || p.version !== 1 || typeof p.files !== 'object' || p.files === null
        || Object.values(p.files).some((f) => !f || !Number.isSafeInteger(f.log_offset) || f.log_offset < 0)) {
      throw new Error(`--state ${JSON.stringify(statePath)}: not a sec_check pgaudit state file (format sec_check-pgaudit-ingest-state, version 1)`);
    }
    state = p as StateFile;
  }
  return {
    async offset(key) { return state.files[key]?.log_offset ?? 0; },
    async commit(b) {
      if (b.events.length) await write(b.events.map((e) => JSON.stringify(rowOf(b.fileKey, e))).join('\n') + '\n');
      const prev = state.files[b.fileKey];
      state.files[b.fileKey] = { log_file: b.logFile, log_offset: b.toOffset, events: (prev?.events ?? 0) + b.events.length };
      if (statePath) {
        const tmp = `${statePath}.tmp-${process.pid}`;
        writeFileSync(tmp, JSON.stringify(state, null, 1) + '\n');
        renameSync(tmp, statePath);
      }
      return true;
    },
  };
}
