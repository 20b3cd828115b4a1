// What the catalog compiler knows about SQL executor files: exactly one SELECT.

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/**
 * Blank out comments, string literals, quoted identifiers and dollar-quoted bodies, so the
 * statement structure (keywords, semicolons) can be inspected without false hits.
 */
export function sqlSkeleton(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const two = sql.slice(i, i + 2);
    if (two === '--') { const end = sql.indexOf('\n', i); i = end < 0 ? sql.length : end; out += ' '; continue; }
    if (two === '/*') { const end = sql.indexOf('*/', i + 2); i = end < 0 ? sql.length : end + 2; out += ' '; continue; }
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < sql.length) { if (sql[j] === c) { if (sql[j + 1] === c) { j += 2; continue; } break; } j++; }
      i = j + 1; out += ' x '; continue;
    }
    const dollar = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
    if (dollar && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
      const end = sql.indexOf(dollar[0], i + dollar[0].length);
      i = end < 0 ? sql.length : end + dollar[0].length; out += ' x '; continue;
    }
    out += c; i++;
  }
  return out;
}

/** A problem with an executor SQL file, or null: it must be exactly one SELECT (WITH … SELECT). */
export function checkSingleSelect(sql: string): string | null {
  const skeleton = sqlSkeleton(sql).trim().replace(/;\s*$/, '');
  if (skeleton === '') return 'the file contains no statement';
  if (skeleton.includes(';')) return 'only one statement is allowed (found a ";" before the end)';
  const first = /^\(*\s*([A-Za-z]+)/.exec(skeleton)?.[1]?.toUpperCase();
  if (first !== 'SELECT' && first !== 'WITH') return `the statement must be a SELECT (starts with ${show(first ?? skeleton.slice(0, 20))})`;
  if (first === 'WITH' && /\b(INSERT|UPDATE|DELETE|MERGE)\b/i.test(skeleton)) return 'data-modifying WITH is not allowed';
  return null;
}
