// `sec-check hba`: which pg_hba.conf line decides how each login role gets in, per database
// and address class (local socket, loopback, private networks, anywhere). The query is the
// one of sec_check.hba_first_match() (sql/510_function_hba_first_match.sql, with the checks'
// hba-first-match block put in), compiled into the CLI, so no extension is needed.
import { asUsage, CONNECTION_HELP, CONNECTION_OPTIONS, connectionConfig, nonEmpty, type OptionValues } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { openConnection } from '../../session/connect.ts';
import { checkWritableFile, writeFilesAtomically } from '../output.ts';
import type { HbaFileRule } from '../../core/hba/parse.ts';
import { readHbaFile } from '../../hba/file.ts';
import { fileErrors, printable, readHbaMatrix, renderHbaText } from '../../hba/matrix.ts';
import { hbaFindings, plain } from '../../hba/findings.ts';
import { loadPackSource } from '../../session/pack-source.ts';
import { compilePack } from '../../core/pack.ts';

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
                     (the latter needs pg_authid: Failed without it)
${CONNECTION_HELP}`;

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

async function hbaMatrix(values: OptionValues): Promise<number> {
  const format = String(values.format ?? 'text').toLowerCase();
  if (format !== 'json' && format !== 'text') throw new UsageError(`--format: text or json, not ${JSON.stringify(values.format)}`);
  const role = nonEmpty(values.role, '--role');
  const output = nonEmpty(values.output, '--output');
  if (output) asUsage(() => checkWritableFile(output, '--output'));
  const hbaFile = nonEmpty(values['hba-file'], '--hba-file');
  if (values.findings) {
    if (role !== undefined) throw new UsageError('--role: not with --findings (the checks look at every role)');
    return findings(values, format, output, hbaFile);
  }
  if (typeof __HBA_MATRIX_SQL__ !== 'string' || typeof __HBA_MATRIX_AFTER_SOURCE__ !== 'string') throw new UsageError('this command needs the built CLI (dist/cli.cjs): the query is compiled in by build.mjs');

  // read (and so check) the file before connecting
  if (hbaFile !== undefined) readHbaFile(hbaFile);
  const client = await openConnection(connectionConfig(values), { readOnly: true });
  let matrix;
  try {
    matrix = await readHbaMatrix(client, { matrix: __HBA_MATRIX_SQL__, afterSource: __HBA_MATRIX_AFTER_SOURCE__ }, { role, hbaFile });
  } finally {
    await client.end().catch(() => {});
  }
  const { rows, database, fileRows } = matrix;
  const text = format === 'json'
    ? JSON.stringify({ format: 'sec_check-hba-matrix', format_version: 1, database, ...(hbaFile !== undefined ? { hba_file: hbaFile, file_errors: fileErrors(fileRows!) } : {}), generated_at: new Date().toISOString(), rows }, null, 2) + '\n'
    : renderHbaText(rows);
  if (format === 'text' && fileRows) warnFileErrors(hbaFile!, fileRows);
  if (output) await writeFilesAtomically([{ path: output, text }], '--output');
  else process.stdout.write(text);
  return 0;
}

/** Bad lines of the file, on stderr (JSON output lists them as file_errors). */
function warnFileErrors(file: string, rows: HbaFileRule[]): void {
  for (const e of fileErrors(rows)) process.stderr.write(`sec-check hba: ${printable(e.file_name)} line ${e.line_number}: ${printable(String(e.error))} (line ignored)\n`);
}

/** --findings: the three hba checks of the built-in catalog, on the view or (with a file) on the file's rows. */
async function findings(values: OptionValues, format: string, output: string | undefined, hbaFile: string | undefined): Promise<number> {
  if (hbaFile !== undefined) readHbaFile(hbaFile);
  const source = loadPackSource(undefined, false, (line) => process.stderr.write(`${line}\n`));
  const compiled = compilePack(source.pack);
  const client = await openConnection(connectionConfig(values), { readOnly: true });
  let found;
  try {
    found = await hbaFindings(client, source, compiled, hbaFile);
  } finally {
    await client.end().catch(() => {});
  }
  const { results, fileRows } = found;
  const text = format === 'json'
    ? JSON.stringify({ format: 'sec_check-hba-findings', format_version: 1, source: hbaFile === undefined ? 'pg_hba_file_rules' : hbaFile,
      ...(fileRows !== undefined ? { file_errors: fileErrors(fileRows) } : {}), generated_at: new Date().toISOString(), results }, null, 2) + '\n'
    : results.map((r) => `${r.check_id}: ${r.status}: ${printable(plain(r.full_description))}\n`).join('');
  if (format === 'text' && fileRows) warnFileErrors(hbaFile!, fileRows);
  if (output) await writeFilesAtomically([{ path: output, text }], '--output');
  else process.stdout.write(text);
  return 0;
}
