// The pg_hba.conf first-match matrix (`sec-check hba`): which line decides how each login role
// gets in, per database and address class, as rows of the query sec_check.hba_first_match()
// runs (compiled into the CLI by build.mjs), read from the view or from a file's rows, and
// those rows as a terminal table.
import type pg from 'pg';
import { hbaSourceCte, type HbaFileRule } from '../core/hba/parse.ts';
import { ConnectionError } from '../session/connect.ts';
import { UsageError } from '../session/errors.ts';
import { hbaServerFacts, planForFileRows, readHbaFile } from './file.ts';
import { renderTable } from '../render/table.ts';

export interface HbaMatrixRow {
  rolname: string;
  datname: string;
  addr_class: 'local' | 'loopback' | 'private' | 'anywhere';
  transports: string;
  file_name: string | null;
  line_number: number | null;
  auth_method: string | null;
  line: string | null;
  example_address: string | null;
}

/** Control characters and other non-printables of server data, shown escaped on a terminal. */
export const printable = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** The matrix as a text table (the CLI's one table renderer): the address each row means, not only its class. */
export function renderHbaText(rows: HbaMatrixRow[]): string {
  return renderTable(
    [{ header: 'ROLE' }, { header: 'DATABASE' }, { header: 'CLASS' }, { header: 'ADDRESS' }, { header: 'METHOD' }, { header: 'LINE' }, { header: 'TRANSPORTS' }],
    rows.map((r) => [r.rolname, r.datname, r.addr_class, r.addr_class === 'local' ? 'socket' : (r.example_address ?? ''), r.auth_method ?? '(refused)',
      r.line_number === null ? 'no line matches' : `${(r.file_name ?? '').replace(/^.*\//, '')}:${r.line_number}`, r.transports]),
  );
}

/** Bad lines of a file (PostgreSQL would ignore them too), as the JSON output lists them. */
export const fileErrors = (rows: HbaFileRule[]) => rows.filter((r) => r.error !== null).map((r) => ({ file_name: r.file_name, line_number: r.line_number, error: r.error }));

/**
 * The matrix rows (of one role with `role`) from pg_hba_file_rules, or with `hbaFile` from the
 * file's rows, parsed again here with the server's facts (ssl).
 */
export async function readHbaMatrix(client: pg.Client, sql: { matrix: string; afterSource: string }, opts: { role?: string; hbaFile?: string }): Promise<{ rows: HbaMatrixRow[]; database: string; fileRows?: HbaFileRule[] }> {
  const { role, hbaFile } = opts;
  let fileRows: HbaFileRule[] | undefined;
  if (hbaFile !== undefined) {
    fileRows = readHbaFile(hbaFile, await hbaServerFacts(client));
    await planForFileRows(client);
  }
  // the file path names its own hba_source (the parsed rows) before the same query
  const query = fileRows === undefined ? sql.matrix : `WITH RECURSIVE\n${hbaSourceCte(fileRows)}${sql.afterSource}`;
  const database = (await client.query('SELECT current_database() AS d')).rows[0].d;
  if (role !== undefined) {
    const found = await client.query('SELECT rolcanlogin FROM pg_roles WHERE rolname = $1', [role]);
    if (!found.rows.length) throw new UsageError(`--role: no role ${JSON.stringify(role)} on this server`);
    if (!found.rows[0].rolcanlogin) throw new UsageError(`--role: role ${JSON.stringify(role)} cannot log in (NOLOGIN): no line decides anything for it`);
  }
  try {
    const rows = (await client.query(`SELECT * FROM (${query}) AS m WHERE $1::text IS NULL OR m.rolname = $1::text`, [role ?? null])).rows;
    return { rows, database, fileRows };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === '42501') throw new ConnectionError(`cannot read pg_hba_file_rules as this role (${(e as Error).message}): connect as a superuser, or GRANT SELECT ON pg_hba_file_rules`);
    throw e;
  }
}
