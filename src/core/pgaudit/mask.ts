// Passwords out of ingested statements, as the DDL trail masks them (sql/325): PASSWORD '...'
// literals of CREATE/ALTER ROLE/USER in any spelling ('...', E'...', U&'...', dollar quotes),
// and password=... inside connection strings. pgaudit copies a whole query string to every
// record it makes from it, so any class may carry a role's password. Parameters bound to a
// PASSWORD $n are masked too. Runtime-free.

const PASSWORD_LITERAL = /(\bpassword\s+)(?:[eE]'(?:[^'\\]|\\.|'')*'|[uU]&'(?:[^']|'')*'|'(?:[^']|'')*'|\$([A-Za-z_][A-Za-z_0-9]*)?\$[^$]*\$\2\$)/gi;
const PASSWORD_DOLLAR_REST = /(\bpassword\s+)\$(?!\d)[\s\S]*$/i; // $1 is a parameter, not a dollar quote
const PASSWORD_PARAMETER = /\bpassword\s+\$\d+/i;
/** password= only where the text holds a connection string, not in a DML WHERE clause */
const CONNINFO = /\b(?:host|hostaddr|dbname|port|user|sslmode|service)\s*=/i;
const CONNINFO_PASSWORD = /(\bpassword\s*=\s*)(?:''(?:[^'\\]|\\.)*''|\\'(?:[^'\\]|\\.)*\\'|[^\s']+)/gi;

export const MASKED_PARAMETERS = '<masked by sec_check>';

/** The statement with passwords replaced by ***, and whether its parameters hold one. */
export function maskStatement(statement: string | null): { statement: string | null; maskParameters: boolean } {
  if (statement === null || !/password/i.test(statement)) return { statement, maskParameters: false };
  let s = statement.replace(PASSWORD_LITERAL, "$1'***'");
  s = s.replace(PASSWORD_DOLLAR_REST, "$1'***' [sec_check: rest masked]");
  if (CONNINFO.test(s)) s = s.replace(CONNINFO_PASSWORD, '$1***');
  return { statement: s, maskParameters: PASSWORD_PARAMETER.test(statement) };
}
