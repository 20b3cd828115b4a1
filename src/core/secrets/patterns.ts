// The one set of secret patterns (patterns.json), read two ways: as PostgreSQL regular
// expressions by access/secrets_in_catalog (the catalog compiler puts `secretPatternsSql()`
// where a check says `-- include: secret-patterns`) and as JavaScript ones by the PII secret
// detectors (src/core/pii/detectors.ts). So both read a pattern alike, patterns are written
// in a subset where PostgreSQL's ARE and JavaScript agree (`subsetProblems` enforces it):
// no "." (ARE's dot matches a newline), no "^"/"$", no \b \B \w \W \d \D (word and digit
// classes follow the locale in PostgreSQL), no back-references, no named groups, no lazy
// quantifiers, bounds at most 255, exactly two capturing groups (1: what may be shown, 2: the
// secret). Lookahead and lookbehind are allowed (PostgreSQL 9.6+).
import data from './patterns.json';

export interface SecretPattern {
  id: string;
  label: string;
  /** "" or "i" (case-insensitive) */
  flags: string;
  /** PII detector that uses it (api_key, jwt, private_key), or null (catalog only). */
  pii: string | null;
  /** Texts one of which every match contains: as they must appear for a case-sensitive
   *  pattern, in lower case for a case-insensitive one. */
  anchors: string[];
  pattern: string;
}

export const SECRET_PATTERNS: SecretPattern[] = (data as { patterns: SecretPattern[] }).patterns;

/** Why a pattern is outside the shared subset (empty when it is inside). */
export function subsetProblems(p: SecretPattern): string[] {
  const problems: string[] = [];
  const src = p.pattern;
  let groups = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') {
      const next = src[i + 1];
      if (next === undefined) { problems.push('trailing backslash'); break; }
      if (/[bBwWdD]/.test(next)) problems.push(`\\${next} reads differently in PostgreSQL and JavaScript`);
      if (/[1-9k]/.test(next)) problems.push(`\\${next}: no back-references`);
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') { inClass = true; if (src[i + 1] === ']') problems.push('"[]" is read differently'); continue; }
    if (ch === '.' ) problems.push('"." matches a newline in PostgreSQL only: use a class');
    if (ch === '^' || ch === '$') problems.push(`"${ch}" anchors: not used`);
    if (ch === '(') {
      if (src[i + 1] !== '?') groups++;
      else if (src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') problems.push('no named groups');
    }
    if ((ch === '*' || ch === '+' || ch === '?' || ch === '}') && src[i + 1] === '?' && src[i - 1] !== '(') problems.push('no lazy quantifiers');
    if (ch === '{') {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(src.slice(i));
      if (m && (Number(m[1]) > 255 || (m[2] !== undefined && m[2] !== '' && Number(m[2]) > 255))) problems.push(`bound ${m[0]} above 255`);
    }
  }
  if (groups !== 2) problems.push(`${groups} capturing groups (exactly 2: shown, secret)`);
  if (!/^[a-z_]+$/.test(p.id)) problems.push(`id ${JSON.stringify(p.id)}`);
  if (p.flags !== '' && p.flags !== 'i') problems.push(`flags ${JSON.stringify(p.flags)}`);
  if (p.anchors.length === 0 || p.anchors.some((a) => a === '')) problems.push('anchors must be non-empty texts');
  if (p.flags === 'i' && p.anchors.some((a) => a !== a.toLowerCase())) problems.push('anchors of a case-insensitive pattern must be in lower case');
  return problems;
}

/** The pattern as a JavaScript RegExp (global, for scanning). */
export function jsRegExp(p: SecretPattern): RegExp {
  return new RegExp(p.pattern, `g${p.flags}`);
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, (c) => `\\${c}`);
}

const NOTHING = '(?!)';

/** A regex matching any of `words`, written as a trie (shared prefixes once): regex engines
 *  build far fewer states for it than for a flat alternation. */
function trieRegex(words: string[]): string {
  interface Node { end: boolean; next: Map<string, Node> }
  const root: Node = { end: false, next: new Map() };
  for (const w of words) {
    let n = root;
    for (const c of w) {
      if (!n.next.has(c)) n.next.set(c, { end: false, next: new Map() });
      n = n.next.get(c)!;
    }
    n.end = true;
  }
  const emit = (n: Node): string => {
    const branches = [...n.next.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, child]) => escapeRegex(c) + emit(child));
    if (branches.length === 0) return '';
    const body = branches.length === 1 ? branches[0] : `(?:${branches.join('|')})`;
    return n.end ? `(?:${body})?` : body;
  };
  return emit(root);
}

/**
 * A regex every text holding a match of `patterns` satisfies once lower-cased: the patterns'
 * anchors in lower case, less those containing another anchor (a text holding "password"
 * holds "pass"), as a trie. Case-sensitive patterns are prefiltered case-insensitively too:
 * the prefilter only has to let every match through, and one lower-cased scan is cheaper than
 * two.
 */
export function anchorRegex(patterns: SecretPattern[]): string {
  const all = [...new Set(patterns.flatMap((p) => p.anchors.map((a) => a.toLowerCase())))];
  const minimal = all.filter((a) => !all.some((b) => b !== a && a.includes(b)));
  return minimal.length ? trieRegex(minimal.sort()) : NOTHING;
}

/** One regex for a RegExp compiled without flags: case-insensitive anchors spelled as [aA]. */
export function prefilterRegex(patterns: SecretPattern[]): string {
  const out: string[] = [];
  for (const p of patterns) {
    for (const a of p.anchors) {
      out.push(p.flags === 'i' ? [...a].map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : escapeRegex(c))).join('') : escapeRegex(a));
    }
  }
  return [...new Set(out)].sort().join('|') || NOTHING;
}

const sqlLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * The `secret-patterns` SQL block: CTEs `secret_patterns(kind, flags, pattern)` and
 * `secret_prefilter(anchors)` (a text whose lower-cased form does not match `anchors` matches
 * no pattern). The query opens the WITH list before it and puts a comma after it.
 */
export function secretPatternsSql(): string {
  const rows = SECRET_PATTERNS.map((p) => `    (${sqlLiteral(p.label)}, ${sqlLiteral(p.flags)}, ${sqlLiteral(p.pattern)})`);
  return [
    '-- block: secret-patterns (generated from src/core/secrets/patterns.json by the catalog compiler;',
    '-- the same set the PII secret detectors use). Group 1 of each pattern may be shown, group 2 is',
    '-- the secret; a text holding a match satisfies lower(text) ~ secret_prefilter.anchors.',
    'secret_patterns(kind, flags, pattern) AS (',
    '  VALUES',
    rows.join(',\n'),
    '),',
    `secret_prefilter(anchors) AS (VALUES (${sqlLiteral(anchorRegex(SECRET_PATTERNS))}))`,
    '-- end block: secret-patterns',
    '',
  ].join('\n');
}
