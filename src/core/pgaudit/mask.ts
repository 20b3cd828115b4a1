// Passwords out of ingested statements, with the DDL trail's rules (src/core/sql-mask.ts,
// twin of sql/325_function_ddl_mask_statement.sql): pgaudit copies a whole query string to
// every record it makes from it, so any class may carry a role's password, a user mapping's
// option or a connection string. Parameters bound to a secret name (PASSWORD $n) are masked
// too. Runtime-free.
import { maskSql } from '../sql-mask.ts';

export const MASKED_PARAMETERS = '<masked by sec_check>';

/** The statement with secrets replaced by ***, and whether its parameters hold one. */
export function maskStatement(statement: string | null): { statement: string | null; maskParameters: boolean } {
  if (statement === null) return { statement, maskParameters: false };
  const masked = maskSql(statement);
  return { statement: masked.text, maskParameters: masked.maskParameters };
}
