// pgaudit's record: a log message that starts with "AUDIT: SESSION," or "AUDIT: OBJECT,"
// followed by CSV fields — statement id, substatement id, class, command tag, object type,
// object name, statement, parameter — and, with pgaudit.log_rows, a row count. Fields holding a
// comma, quote or line break are quoted with doubled quotes. The parameter field is itself a
// CSV list (each parameter quoted the same way) unless it is one of the markers <none>,
// <not logged>, <previously logged>. Runtime-free; bad input gives an error string, not an
// exception.

export type AuditType = 'SESSION' | 'OBJECT';

export interface AuditRecord {
  auditType: AuditType;
  statementId: number | null;
  substatementId: number | null;
  class: string | null;
  /** command tag; '???' when pgaudit could not name it */
  command: string | null;
  objectType: string | null;
  objectName: string | null;
  /** as logged: may be '<not logged>' or '<previously logged>' */
  statement: string | null;
  /** the parameter field as logged (once unquoted): a CSV list or a marker */
  parameters: string | null;
  /** pgaudit.log_rows */
  rows: number | null;
}

export const PARAMETER_MARKERS = ['<none>', '<not logged>', '<previously logged>'];

const HEAD = 'AUDIT: ';

/** True when a message is meant as a pgaudit record (the check is the message START only). */
export function isAuditMessage(message: string): boolean {
  return message.startsWith(HEAD);
}

/** A statement/substatement id or row count: digits, or empty (null); otherwise an error text. */
function idField(v: string, name: string): number | null | string {
  if (v === '') return null;
  if (!/^\d{1,15}$/.test(v)) return `${name} ${JSON.stringify(v.slice(0, 40))} is not a number`;
  return Number(v);
}

function orNull(v: string): string | null {
  return v === '' ? null : v;
}

/** Parses one message; null when it is not an AUDIT message at all. */
export function parseAuditMessage(message: string): { record: AuditRecord } | { error: string } | null {
  if (!message.startsWith(HEAD)) return null;
  const f = splitCsvLine(message, HEAD.length);
  if (typeof f === 'string') return { error: f };
  const type = f[0];
  if (type !== 'SESSION' && type !== 'OBJECT') return { error: `audit type ${JSON.stringify(type.slice(0, 40))} is neither SESSION nor OBJECT` };
  if (f.length < 9) return { error: `pgaudit record with ${f.length} fields (9 expected)` };
  if (f.length > 10) return { error: `pgaudit record with ${f.length} fields (at most 10 expected)` };
  const s = idField(f[1], 'statement id');
  if (typeof s === 'string') return { error: s };
  const ss = idField(f[2], 'substatement id');
  if (typeof ss === 'string') return { error: ss };
  let rows: number | null = null;
  if (f.length === 10) {
    const r = idField(f[9], 'row count');
    if (typeof r === 'string') return { error: r };
    rows = r;
  }
  return {
    record: {
      auditType: type, statementId: s, substatementId: ss, class: orNull(f[3]), command: orNull(f[4]),
      objectType: orNull(f[5]), objectName: orNull(f[6]), statement: orNull(f[7]), parameters: orNull(f[8]), rows,
    },
  };
}

/** The parameter values of a logged parameter field (null for a marker or no field). */
export function parameterList(parameters: string | null): string[] | null {
  if (parameters === null || PARAMETER_MARKERS.includes(parameters)) return null;
  const list = splitCsvLine(parameters, 0);
  return typeof list === 'string' ? null : list;
}

/**
 * One CSV line (that may span lines inside quotes) from `from` to the end of `text`.
 * Linear: quoted fields are cut with indexOf, never character by character concatenation.
 */
export function splitCsvLine(text: string, from: number): string[] | string {
  const out: string[] = [];
  let pos = from;
  for (;;) {
    if (text.charCodeAt(pos) === 34 /* " */) {
      // pieces between doubled quotes, each with one quote kept: one pass, no regex
      const pieces: string[] = [];
      let start = pos + 1;
      let close = -1;
      for (;;) {
        const next = text.indexOf('"', start);
        if (next < 0) return `unterminated quoted field starting at character ${pos}`;
        if (text.charCodeAt(next + 1) === 34) { pieces.push(text.slice(start, next + 1)); start = next + 2; continue; }
        pieces.push(text.slice(start, next));
        close = next;
        break;
      }
      out.push(pieces.length === 1 ? pieces[0] : pieces.join(''));
      pos = close + 1;
      if (pos === text.length) return out;
      if (text.charCodeAt(pos) !== 44 /* , */) return `text after a closing quote at character ${pos}`;
      pos++;
    } else {
      const comma = text.indexOf(',', pos);
      if (comma < 0) { out.push(text.slice(pos)); return out; }
      out.push(text.slice(pos, comma));
      pos = comma + 1;
    }
  }
}
