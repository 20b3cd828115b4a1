// Reading pgaudit's trail out of PostgreSQL's logs: entries (entries.ts) whose message starts
// with "AUDIT: " become events (audit.ts). Runtime-free; the Node ingester (src/pgaudit) and
// anything else feed it bytes of one file from a known offset.
import { PARAMETER_MARKERS, parseAuditMessage, type AuditRecord } from './audit.ts';
import { MASKED_PARAMETERS, maskStatement } from './mask.ts';
import { splitEntries, type Decoder, type LogEntry, type LogFormat, type Problem } from './entries.ts';
import { compilePrefix as compile, type CompiledPrefix } from './prefix.ts';

export { compilePrefix, normalizeTime, type CompiledPrefix } from './prefix.ts';
export { maskStatement, MASKED_PARAMETERS } from './mask.ts';
export { parseAuditMessage, parameterList, splitCsvLine, isAuditMessage, type AuditRecord, type AuditType } from './audit.ts';
export { splitEntries, decodeUtf8, LOG_FORMATS, type LogEntry, type LogFormat, type Problem, type Decoder } from './entries.ts';

/**
 * Whether the log itself shows that pgaudit wrote the record: `verified` when the server's
 * source location names pgaudit's logging function and nothing a client sets could have
 * framed the entry; `unverifiable` when the log cannot tell (no source location because
 * log_error_verbosity is not verbose, or a stderr log_line_prefix with client text): such a
 * record looks exactly like one a session could have logged itself.
 */
export type AuditOrigin = 'verified' | 'unverifiable';

/** "log_audit_event, pgaudit.c:881": where pgaudit's own records come from. */
const PGAUDIT_LOCATION = /^log_audit_event, pgaudit\.c:\d*$/;

/** Why records came out unverifiable when the log has no source locations. */
export const NO_LOCATION = 'the log has no source locations (log_error_verbosity is not verbose), so a record a session logged itself (pljs.elog, for one) looks like pgaudit\'s';

/** One pgaudit record with where and by whom it was logged. */
export interface AuditEvent extends AuditRecord {
  origin: AuditOrigin;
  file: string;
  /** byte offset of the log entry in its file */
  offset: number;
  time: string | null;
  pid: number | null;
  user: string | null;
  database: string | null;
  client: string | null;
}

export interface ReadResult {
  events: AuditEvent[];
  /** bytes of the input fully read; the rest (a torn last entry) must be offered again */
  consumed: number;
  entries: number;
  problems: Problem[];
  /** why events came out unverifiable (distinct texts; empty when none did) */
  unverifiable: string[];
}

export interface ReadOptions {
  format: LogFormat;
  prefix?: CompiledPrefix;
  baseOffset: number;
  file: string;
  decode?: Decoder;
  /** the bytes reach the file's current end (see SplitOptions.atEnd) */
  atEnd?: boolean;
}

/** The pgaudit events in bytes of one log file starting at opts.baseOffset. */
export function readAuditEvents(bytes: Uint8Array, opts: ReadOptions): ReadResult {
  const split = splitEntries(bytes, opts);
  const events: AuditEvent[] = [];
  const problems = split.problems;
  const unverifiable = new Set<string>();
  for (const e of split.entries) {
    const ev = auditEventOf(e, opts.file, problems);
    if (!ev) continue;
    events.push(ev);
    if (ev.origin === 'unverifiable') unverifiable.add(e.forgeable ?? NO_LOCATION);
  }
  return { events, consumed: split.consumed, entries: split.entries.length, problems, unverifiable: [...unverifiable] };
}

/** The event an entry carries, or null (not AUDIT, or rejected with a problem). */
export function auditEventOf(e: LogEntry, file: string, problems: Problem[]): AuditEvent | null {
  const parsed = parseAuditMessage(e.message);
  if (parsed === null) return null;
  if ('error' in parsed) {
    problems.push({ file, offset: e.offset, reason: `not a valid pgaudit record: ${parsed.error}; skipped` });
    return null;
  }
  // What pgaudit's records never carry (it logs with errhidecontext and errhidestmt, at a level
  // below ERROR, from log_audit_event): any of these means code other than pgaudit logged it
  // (RAISE LOG with its CONTEXT, pljs.elog with its STATEMENT, anything with its own source
  // location), which any user can do: never taken for the audit trail.
  const notPgaudit = e.hasContext ? 'an error CONTEXT (raised by a function)'
    : e.hasStatement ? 'the statement that logged it (pgaudit hides it)'
      : e.location !== null && !PGAUDIT_LOCATION.test(e.location) ? `the source location ${JSON.stringify(e.location.slice(0, 80))}, not pgaudit's log_audit_event`
        : ['ERROR', 'FATAL', 'PANIC'].includes(e.severity) ? `severity ${e.severity} (pgaudit logs below ERROR)` : null;
  if (notPgaudit !== null) {
    problems.push({ file, offset: e.offset, reason: `AUDIT-looking message with ${notPgaudit}: not written by pgaudit; skipped` });
    return null;
  }
  const origin: AuditOrigin = e.location !== null && e.forgeable === null ? 'verified' : 'unverifiable';
  const r = parsed.record;
  const masked = maskStatement(r.statement);
  const parameters = masked.maskParameters && r.parameters !== null && !PARAMETER_MARKERS.includes(r.parameters) ? MASKED_PARAMETERS : r.parameters;
  return {
    origin,
    auditType: r.auditType, statementId: r.statementId, substatementId: r.substatementId, class: r.class, command: r.command,
    objectType: r.objectType, objectName: r.objectName, statement: masked.statement, parameters, rows: r.rows,
    file, offset: e.offset, time: e.time, pid: e.pid, user: e.user, database: e.database, client: e.client,
  };
}

/** An event as a row of sec_check.audit_events (the Node ingester and pgaudit_ingest() share it). */
export function eventRow(fileKey: string, e: AuditEvent): Record<string, string | number | null> {
  return {
    file_key: fileKey, log_file: e.file, log_offset: e.offset, logged_at: e.time, pid: e.pid, user_name: e.user,
    database_name: e.database, client: e.client, audit_type: e.auditType, statement_id: e.statementId,
    substatement_id: e.substatementId, class: e.class, command: e.command, object_type: e.objectType,
    object_name: e.objectName, statement: e.statement, parameters: e.parameters, origin: e.origin,
  };
}

/** Hex text (PostgreSQL's encode(bytea, 'hex')) to bytes; null when it is not hex. */
export function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexVal(hex.charCodeAt(2 * i));
    const lo = hexVal(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return null;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** What sec_check.pgaudit_ingest() asks the engine for one chunk of one file. */
export interface PgauditReadRequest {
  op: 'pgaudit_read';
  hex: string;
  format: LogFormat;
  prefix: string | null;
  base_offset: number;
  file: string;
  file_key: string;
  at_end: boolean;
}

export function pgauditReadRequest(r: PgauditReadRequest): { rows: Record<string, string | number | null>[]; consumed: number; problems: Problem[]; unverifiable: string[] } | { sec_check_error: string } {
  const bytes = hexToBytes(r.hex);
  if (!bytes) return { sec_check_error: 'pgaudit_read: hex is not hexadecimal' };
  if (r.format !== 'stderr' && r.format !== 'csvlog' && r.format !== 'jsonlog') return { sec_check_error: `pgaudit_read: unknown format ${JSON.stringify(r.format)}` };
  const res = readAuditEvents(bytes, {
    format: r.format, prefix: r.prefix === null ? undefined : compile(r.prefix), baseOffset: r.base_offset, file: r.file, atEnd: r.at_end,
  });
  return { rows: res.events.map((e) => eventRow(r.file_key, e)), consumed: res.consumed, problems: res.problems, unverifiable: res.unverifiable };
}
