// `sec-check hba`: which pg_hba.conf line decides how each login role gets in, per database
// and address class (local socket, loopback, private networks, anywhere). The query is the
// one of sec_check.hba_first_match() (sql/510_function_hba_first_match.sql, with the checks'
// hba-first-match block put in), compiled into the CLI, so no extension is needed.
import { asUsage, CONNECTION_OPTIONS, connectionConfig, nonEmpty, UsageError, type OptionValues } from '../args.ts';
import type { Command } from '../command.ts';
import { ConnectionError, openConnection } from '../connect.ts';
import { checkWritableFile, writeFilesAtomically } from '../output.ts';
import { hbaRulesFactRows, hbaSourceCte, type HbaFileRule } from '../../core/hba/parse.ts';
import { hbaServerFacts, planForFileRows, readHbaFile } from '../hba-file.ts';
import { loadPackSource } from '../pack-source.ts';
import { compilePack } from '../../core/pack.ts';
import { auditWithNode } from '../../runtime/node.ts';
import type { CheckResult } from '../../core/report.ts';

declare const __HBA_MATRIX_SQL__: string | undefined;
declare const __HBA_MATRIX_AFTER_SOURCE__: string | undefined;

const HBA_HELP = `sec-check hba [--format text|json] [--role NAME] [--output FILE] [--hba-file PATH] [--findings] [connection options]
    For every login role, database and address class (local socket, loopback, private
    networks, anywhere): the pg_hba.conf line that decides the connection (file, line,
    method) and an example client address of the region it decides; "no line" = refused. Needs read access to pg_hba_file_rules (a superuser).
    --role limits the matrix to one role. Writes to stdout without --output.
    --hba-file PATH  analyse this pg_hba.conf (and its include files) as read from disk by
                     this account instead of pg_hba_file_rules: any role can connect (roles,
                     memberships and databases still come from the server's catalog)
    --findings       instead of the matrix, the verdicts and findings of the checks
                     hba_shadowed_lines, hba_remote_trust and hba_weak_effective_method
                     (the latter needs pg_authid: Failed without it)`;

const HBA_CHECKS = ['hba_shadowed_lines', 'hba_remote_trust', 'hba_weak_effective_method'];

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

export const hbaCommand: Command = {
  name: 'hba',
  help: HBA_HELP,
  options: {
    ...CONNECTION_OPTIONS,
    format: { type: 'string' },
    role: { type: 'string' },
    output: { type: 'string' },
    'hba-file': { type: 'string' },
    findings: { type: 'boolean' },
  },
  run: hbaMatrix,
};

/** Control characters and other non-printables of server data, shown escaped on a terminal. */
const printable = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export function renderHbaText(rows: HbaMatrixRow[]): string {
  // ADDRESS: a client address the row stands for (the regions of one class that different
  // lines decide are told apart by it; the socket has none)
  const table = [['ROLE', 'DATABASE', 'CLASS', 'ADDRESS', 'METHOD', 'LINE', 'TRANSPORTS'],
    ...rows.map((r) => [r.rolname, r.datname, r.addr_class, r.addr_class === 'local' ? 'socket' : (r.example_address ?? ''), r.auth_method ?? '(refused)',
      r.line_number === null ? 'no line matches' : `${(r.file_name ?? '').replace(/^.*\//, '')}:${r.line_number}`, r.transports])
      .map((cells) => cells.map((c) => printable(String(c))))];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return table.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

async function hbaMatrix(values: OptionValues): Promise<number> {
  const format = String(values.format ?? 'text').toLowerCase();
  if (format !== 'json' && format !== 'text') throw new UsageError(`--format: text or json, not ${JSON.stringify(values.format)}`);
  const role = nonEmpty(values.role, '--role');
  const output = nonEmpty(values.output, '--output');
  if (output) asUsage(() => checkWritableFile(output, '--output'));
  const hbaFile = nonEmpty(values['hba-file'], '--hba-file');
  if (values.findings) {
    if (role !== undefined) throw new UsageError('--role: not with --findings (the checks look at every role)');
    return hbaFindings(values, format, output, hbaFile);
  }
  if (typeof __HBA_MATRIX_SQL__ !== 'string' || typeof __HBA_MATRIX_AFTER_SOURCE__ !== 'string') throw new UsageError('this command needs the built CLI (dist/cli.cjs): the query is compiled in by build.mjs');

  // read (and so check) the file before connecting; parsed again with the server's facts
  let fileRows = hbaFile === undefined ? undefined : readHbaFile(hbaFile);
  const client = await openConnection(connectionConfig(values as Record<string, string>), { readOnly: true });
  let rows: HbaMatrixRow[];
  let database: string;
  try {
    if (hbaFile !== undefined) {
      fileRows = readHbaFile(hbaFile, await hbaServerFacts(client));
      await planForFileRows(client);
    }
    // the file path names its own hba_source (the parsed rows) before the same query
    const query = fileRows === undefined ? __HBA_MATRIX_SQL__ : `WITH RECURSIVE\n${hbaSourceCte(fileRows)}${__HBA_MATRIX_AFTER_SOURCE__}`;
    database = (await client.query('SELECT current_database() AS d')).rows[0].d;
    if (role !== undefined) {
      const found = await client.query('SELECT rolcanlogin FROM pg_roles WHERE rolname = $1', [role]);
      if (!found.rows.length) throw new UsageError(`--role: no role ${JSON.stringify(role)} on this server`);
      if (!found.rows[0].rolcanlogin) throw new UsageError(`--role: role ${JSON.stringify(role)} cannot log in (NOLOGIN): no line decides anything for it`);
    }
    try {
      rows = (await client.query(`SELECT * FROM (${query}) AS m WHERE $1::text IS NULL OR m.rolname = $1::text`, [role ?? null])).rows;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === '42501') throw new ConnectionError(`cannot read pg_hba_file_rules as this role (${(e as Error).message}): connect as a superuser, or GRANT SELECT ON pg_hba_file_rules`);
      throw e;
    }
  } finally {
    await client.end().catch(() => {});
  }
  const text = format === 'json'
    ? JSON.stringify({ format: 'sec_check-hba-matrix', format_version: 1, database, ...(hbaFile !== undefined ? { hba_file: hbaFile, file_errors: fileErrors(fileRows!) } : {}), generated_at: new Date().toISOString(), rows }, null, 2) + '\n'
    : renderHbaText(rows);
  if (format === 'text' && fileRows) warnFileErrors(hbaFile!, fileRows);
  if (output) await writeFilesAtomically([{ path: output, text }], '--output');
  else process.stdout.write(text);
  return 0;
}

/** Bad lines of the file, on stderr (JSON output lists them as file_errors): PostgreSQL would ignore them too. */
function warnFileErrors(file: string, rows: HbaFileRule[]): void {
  for (const e of fileErrors(rows)) process.stderr.write(`sec-check hba: ${printable(e.file_name)} line ${e.line_number}: ${printable(String(e.error))} (line ignored)\n`);
}

const fileErrors = (rows: HbaFileRule[]) => rows.filter((r) => r.error !== null).map((r) => ({ file_name: r.file_name, line_number: r.line_number, error: r.error }));

/** The report's HTML-flavoured text for a terminal: tags dropped, the five entities decoded. */
const plain = (html: string) => html.replace(/<\/p>\s*<p>/g, ' ').replace(/<[^>]*>/g, '')
  .replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? '');

export interface HbaFinding { check_id: string; status: string; short_description: string; full_description: string; rows: Record<string, unknown>[] }

/** The three hba checks of the built-in catalog, on the view or (with a file) on the file's rows. */
async function hbaFindings(values: OptionValues, format: string, output: string | undefined, hbaFile: string | undefined): Promise<number> {
  let fileRows = hbaFile === undefined ? undefined : readHbaFile(hbaFile);
  const source = loadPackSource(undefined, false, (line) => process.stderr.write(`${line}\n`));
  const compiled = compilePack(source.pack);
  const sections = compiled.sections
    .map((s) => ({ ...s, items: s.items.filter((i) => i.id !== null && HBA_CHECKS.includes(i.id)) }))
    .filter((s) => s.items.length > 0);
  const client = await openConnection(connectionConfig(values as Record<string, string>), { readOnly: true });
  let report;
  try {
    // the file path gives the fact hba_rules (the lines) from the parsed file: every fact and
    // check that reads it is computed from these rows, with the same queries as for the view
    let givenFacts: Record<string, Record<string, unknown>[]> | undefined;
    if (hbaFile !== undefined) {
      const parsed = readHbaFile(hbaFile, await hbaServerFacts(client));
      fileRows = parsed;
      givenFacts = { hba_rules: hbaRulesFactRows(parsed) };
    }
    report = await auditWithNode(client, source.pack, { compiled: { ...compiled, sections }, hostChecks: false, provenance: source.provenance, givenFacts });
  } finally {
    await client.end().catch(() => {});
  }
  const results: HbaFinding[] = report.results.filter((r: CheckResult) => HBA_CHECKS.includes(String(r.check_id))).map((r: CheckResult) => ({
    check_id: String(r.check_id), status: r.status, short_description: r.short_description, full_description: r.full_description,
    rows: r.executors[0]?.rows ?? [],
  }));
  const text = format === 'json'
    ? JSON.stringify({ format: 'sec_check-hba-findings', format_version: 1, source: hbaFile === undefined ? 'pg_hba_file_rules' : hbaFile,
      ...(fileRows !== undefined ? { file_errors: fileErrors(fileRows) } : {}), generated_at: new Date().toISOString(), results }, null, 2) + '\n'
    : results.map((r) => `${r.check_id}: ${r.status}: ${printable(plain(r.full_description))}\n`).join('');
  if (format === 'text' && fileRows) warnFileErrors(hbaFile!, fileRows);
  if (output) await writeFilesAtomically([{ path: output, text }], '--output');
  else process.stdout.write(text);
  return 0;
}
