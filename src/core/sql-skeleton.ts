// SQL with comments, literals, quoted identifiers and dollar-quoted bodies blanked out, shared
// by the catalog compiler (build/catalog-sql.ts: an executor is exactly one SELECT) and
// `sec-check fix` (src/fix/plan.ts: a fix is one statement without transaction control or a
// password). Runtime-free, so both the build and the shipped CLI take it from src/core.

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
