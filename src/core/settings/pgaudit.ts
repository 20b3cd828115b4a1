// pgAudit's settings as the library reads them (check_pgaudit_log and
// check_pgaudit_log_level in pgaudit.c; documented in pgAudit's README, "Settings"):
// - pgaudit.log is an identifier list (SplitIdentifierString); each item is a class, compared
//   case-insensitively, "-class" subtracts it, items apply in order: "all" is every class,
//   "none" nothing, "misc" includes misc_set. An unknown item makes the value invalid.
// - pgaudit.log_level: debug, debug1-5, info, notice, warning or log (case-insensitive,
//   nothing around them); it applies only with pgaudit.log_client = on — otherwise lines
//   are written at LOG for the server log only.
import { splitList } from './split.ts';
import { PGAUDIT_LEVELS, type Level } from './log-levels.ts';

export const PGAUDIT_CLASSES = ['read', 'write', 'function', 'role', 'ddl', 'misc', 'misc_set'] as const;

export type PgauditClasses = { ok: true; classes: string[] } | { ok: false; error: string };

export function parsePgauditLog(raw: string, major = 18): PgauditClasses {
  const split = splitList(raw, 'identifier', major);
  if (!split.ok) return split;
  const on = new Set<string>();
  for (const { value } of split.items) {
    const subtract = value.startsWith('-');
    const word = (subtract ? value.slice(1) : value).toLowerCase();
    let classes: readonly string[];
    if (word === 'none') classes = [];
    else if (word === 'all') classes = PGAUDIT_CLASSES;
    else if (word === 'misc') classes = ['misc', 'misc_set'];
    else if ((PGAUDIT_CLASSES as readonly string[]).includes(word)) classes = [word];
    else return { ok: false, error: `unknown class ${JSON.stringify(value)}` };
    for (const c of classes) {
      if (subtract) on.delete(c);
      else on.add(c);
    }
  }
  return { ok: true, classes: PGAUDIT_CLASSES.filter((c) => on.has(c)) };
}

export function parsePgauditLevel(raw: string): { ok: true; level: Level } | { ok: false; error: string } {
  const word = raw.toLowerCase();
  const level = Object.hasOwn(PGAUDIT_LEVELS, word) ? PGAUDIT_LEVELS[word] : undefined;
  return level ? { ok: true, level } : { ok: false, error: `not a pgaudit.log_level: ${raw}` };
}
