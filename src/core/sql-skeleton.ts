// SQL with comments, literals, quoted identifiers and dollar-quoted bodies blanked out, shared
// by the catalog compiler (build/catalog-sql.ts: an executor is exactly one SELECT) and
// `sec-check fix` (src/fix/plan.ts: a fix is one statement without transaction control or a
// password). Built on the one SQL lexer (sql-lexer.ts), so it reads quotes as the server does.
import { lexSql } from './sql-lexer.ts';

/**
 * Blank out comments, string literals, quoted identifiers and dollar-quoted bodies, so the
 * statement structure (keywords, semicolons) can be inspected without false hits. An
 * unterminated construct is blanked to the end.
 */
export function sqlSkeleton(sql: string): string {
  let out = '';
  for (const t of lexSql(sql)) {
    if (t.kind === 'comment') out += ' ';
    else if (t.kind === 'string' || t.kind === 'qident') out += ' x ';
    else out += sql.slice(t.start, t.end);
  }
  return out;
}
