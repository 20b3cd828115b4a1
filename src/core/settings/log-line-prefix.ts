// log_line_prefix read as the server expands it (log_status_format in
// src/backend/utils/error/elog.c; documented under log_line_prefix in
// runtime-config-logging.html "What to Log"):
// - "%%" is a literal percent sign, so "%%u" prints "%u" and does not log the user;
// - a padding number (and a "-" for left alignment) may sit between "%" and the letter
//   ("%-10u"); a "%" (or "%-", or a padding number) at the very end stops the expansion
//   there, and everything after it is lost;
// - an unknown letter prints nothing;
// - "%q" ends the prefix for processes without a session (background workers): the escapes
//   after it still apply to session lines.
// Escapes by major: %b from 13, %P and %Q from 14, %L from 18.

/** A piece of the prefix: literal text, or an escape with its padding (negative = left-aligned). */
export type PrefixToken = { lit: string } | { esc: string; pad: number };

export interface LogLinePrefix {
  /** The prefix as the server expands it, piece by piece (ignored escapes are left out). */
  tokens: PrefixToken[];
  /** Escape letters that produce output, in order (duplicates kept). */
  escapes: string[];
  /** Letters after "%" that the server ignores on this major. */
  ignored: string[];
  /** Whether "%q" is present (escapes after it are printed for session processes only). */
  session_only_tail: boolean;
  /** Whether the expansion stops early at a dangling "%" or padding. */
  truncated: boolean;
}

const BASE_ESCAPES = 'audrhpctmnisvxelq';

export function knownEscapes(major: number): string {
  return BASE_ESCAPES + (major >= 13 ? 'b' : '') + (major >= 14 ? 'PQ' : '') + (major >= 18 ? 'L' : '');
}

export function parseLogLinePrefix(raw: string, major = 18): LogLinePrefix {
  const known = knownEscapes(major);
  const out: LogLinePrefix = { tokens: [], escapes: [], ignored: [], session_only_tail: false, truncated: false };
  const literal = (text: string) => {
    const last = out.tokens[out.tokens.length - 1];
    if (last && 'lit' in last) last.lit += text;
    else out.tokens.push({ lit: text });
  };
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '%') { literal(raw[i]); continue; }
    i++;
    if (i >= raw.length) { out.truncated = true; break; }
    if (raw[i] === '%') { literal('%'); continue; }
    // characters up to '9' start a padding spec ('-', digits; anything else ends it at once)
    let pad = 0;
    if (raw[i] <= '9') {
      let sign = 1;
      if (raw[i] === '-') {
        sign = -1;
        i++;
        if (i >= raw.length) { out.truncated = true; break; }
      }
      while (i < raw.length && raw[i] >= '0' && raw[i] <= '9') pad = pad * 10 + Number(raw[i++]);
      if (i >= raw.length) { out.truncated = true; break; }
      pad *= sign;
    }
    const letter = raw[i];
    if (known.includes(letter)) {
      if (letter === 'q') out.session_only_tail = true;
      else out.escapes.push(letter);
      out.tokens.push({ esc: letter, pad });
    } else out.ignored.push(letter);
  }
  return out;
}
