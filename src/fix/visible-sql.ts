// What a reviewer of a fix script reads must be what runs. Names come from the server and may
// hold characters that do not show, or show as something else: bidirectional controls that
// reorder the text around them (U+202E), zero-width and other format characters, line breaks
// and control characters, non-ASCII spaces, combining marks, invisible letters (Hangul
// fillers), private-use and unassigned code points, and letters from several scripts mixed in
// one name (a Cyrillic "а" in "pаyroll"), fullwidth and mathematical look-alikes of ASCII.
// A statement is rewritten so that every such character is an escape a reviewer sees and
// PostgreSQL reads back as the same character: quoted identifiers become U&"..." (\XXXX,
// \+XXXXXX), string literals and dollar-quoted strings become E'...' (\uXXXX, \UXXXXXXXX; E''
// escapes do not depend on standard_conforming_strings). Outside quotes (an unquoted name, a
// comment) such a character cannot be escaped: the statement is refused with the code points
// named. Runtime-free.

/** Characters that do not show as themselves (see the file comment). */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}\p{Mn}\p{Me}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u115f\u1160\u3164\uffa0\u2800\u180e\uff00-\uffef\u{1d400}-\u{1d7ff}]/u;
const HIDDEN_ALL = new RegExp(HIDDEN.source, 'gu');
const SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u];
/** Cyrillic and Greek letters that look like ASCII letters: a word made of them alone reads as Latin. */
const LOOKALIKE = /^[\p{ASCII}\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0455\u0456\u0458\u0501\u04bb\u051b\u051d\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0406\u0408\u0405\u03bf\u03b1\u03bd\u03b9\u03ba\u03c1\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7]+$/u;
/** A word: letters, marks, digits and underscores (what a name is made of). */
const WORDS = /[\p{L}\p{M}\p{N}_]+|[^\p{L}\p{M}\p{N}_]+/gu;

/** "U+202E" */
export function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A word that passes for something else: letters of more than one of Latin, Cyrillic, Greek, or non-ASCII letters that all look like Latin ones. */
function lookalike(word: string): boolean {
  if (!/[^\p{ASCII}]/u.test(word) || !/\p{L}/u.test(word)) return false;
  return SCRIPTS.filter((re) => re.test(word)).length > 1 || LOOKALIKE.test(word);
}

/**
 * `text` with hidden characters, and every non-ASCII character of a look-alike word, replaced
 * by `escape(ch)`; the code points replaced are added to `found`. Other non-ASCII text (a
 * Russian name, say) stays readable as it is.
 */
function escapeHidden(text: string, escape: (ch: string) => string, found: Set<string>): string {
  if (!HIDDEN.test(text) && !/[^\p{ASCII}]/u.test(text)) return text;
  return (text.match(WORDS) ?? []).map((part) => {
    const all = lookalike(part);
    return Array.from(part, (ch) => {
      if (HIDDEN.test(ch) || (all && ch.codePointAt(0)! > 0x7f)) { found.add(codePoint(ch)); return escape(ch); }
      return ch;
    }).join('');
  }).join('');
}

function identifierEscape(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return cp > 0xffff ? `\\+${cp.toString(16).toUpperCase().padStart(6, '0')}` : `\\${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

function literalEscape(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return cp > 0xffff ? `\\U${cp.toString(16).toUpperCase().padStart(8, '0')}` : `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

export type Revealed = { statement: string; escaped: string[] } | { problem: string };

/**
 * The statement with every hidden or look-alike character inside quotes written as an escape
 * (`escaped` lists the code points, empty when nothing changed), or the problem when one sits
 * outside quotes or the quoting is broken.
 */
export function revealHidden(sql: string): Revealed {
  let out = '';
  const found = new Set<string>();
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i);
    // quoted identifier, U&"..." or "..."
    const ident = /^(U&)?"((?:[^"]|"")*)"/i.exec(rest);
    if (ident) {
      if (ident[1] && /^\s*UESCAPE\b/i.test(sql.slice(i + ident[0].length))) return { problem: 'it uses UESCAPE: write it without' };
      // in U&"..." a backslash starts an escape: a literal one is doubled (one already in U& form stays as written)
      const src = ident[1] ? ident[2] : ident[2].replace(/\\/g, '\\\\');
      const body = escapeHidden(src, identifierEscape, found);
      out += body === src ? ident[0] : `U&"${body}"`;
      i += ident[0].length;
      continue;
    }
    if (/^U&'/i.test(rest)) {
      const m = /^U&'((?:[^']|'')*)'/i.exec(rest);
      if (!m) return { problem: 'an unterminated string' };
      const probe = new Set<string>();
      escapeHidden(m[1], literalEscape, probe);
      if (probe.size) return { problem: `a U&'...' string holding ${[...probe].join(', ')}: write it as E'...'` };
      out += m[0]; i += m[0].length; continue;
    }
    // E'...': backslash escapes; a raw character can be replaced by its \u escape as it is
    const estr = /^[eE]'((?:[^'\\]|\\[\s\S]|'')*)'/.exec(rest);
    if (estr && !/[A-Za-z0-9_$]/.test(sql[i - 1] ?? '')) {
      const body = escapeHidden(estr[1], literalEscape, found);
      out += body === estr[1] ? estr[0] : `E'${body}'`;
      i += estr[0].length;
      continue;
    }
    if (rest[0] === "'") {
      const m = /^'((?:[^']|'')*)'/.exec(rest);
      if (!m) return { problem: 'an unterminated string' };
      // a standard string's backslashes are plain characters: doubled once it is E'...'
      const body = escapeHidden(m[1].replace(/\\/g, '\\\\'), literalEscape, found);
      out += body === m[1].replace(/\\/g, '\\\\') ? m[0] : `E'${body}'`;
      i += m[0].length;
      continue;
    }
    const dollar = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest);
    if (dollar && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
      const end = sql.indexOf(dollar[0], i + dollar[0].length);
      if (end < 0) return { problem: 'an unterminated dollar-quoted string' };
      const raw = sql.slice(i + dollar[0].length, end);
      const asE = raw.replace(/\\/g, '\\\\').replace(/'/g, "''");
      const body = escapeHidden(asE, literalEscape, found);
      out += body === asE ? sql.slice(i, end + dollar[0].length) : `E'${body}'`;
      i = end + dollar[0].length;
      continue;
    }
    // anything else up to the next quote: a hidden character here cannot be escaped
    const next = rest.search(/["'$]|[eE]'|U&["']/i);
    const plain = next === 0 ? rest.slice(0, 1) : next < 0 ? rest : rest.slice(0, next);
    const probe = new Set<string>();
    escapeHidden(plain, literalEscape, probe);
    if (probe.size) return { problem: `it holds ${[...probe].join(', ')} outside quotes (an unquoted name or a comment), which cannot be written as escapes` };
    out += plain;
    i += plain.length;
  }
  return { statement: out, escaped: [...found] };
}

/** One line of comment text with every hidden character shown as <U+XXXX> (a bidi control cannot reorder what a reviewer reads). */
export function visibleText(s: string): string {
  return s.replace(HIDDEN_ALL, (ch) => (/[\u0000-\u001f\u007f\u2028\u2029]/.test(ch) ? ' ' : `<${codePoint(ch)}>`));
}
