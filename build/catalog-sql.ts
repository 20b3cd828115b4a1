// What the catalog compiler knows about SQL executor files: exactly one SELECT.
import { sqlSkeleton } from '../src/core/sql-skeleton.ts';

export { sqlSkeleton };

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

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
