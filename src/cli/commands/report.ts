// `sec-check report --run <id|latest>`: re-renders a stored run. The database rebuilds
// the report document (sec_check.report_json), so a stored run renders exactly like a
// fresh one. Connection errors are thrown for the CLI main (exit code 2); a bad --run value
// or a missing run prints a message and returns 2 as well.
import pg from 'pg';
import type { Report } from '../../core/report.ts';
import { checkOutputTarget, parseFormat, writeReports, type ReportFormat } from '../output.ts';
import { ConnectionError, describeServerError } from '../connect.ts';

export interface ReportCommandArgs {
  /** A stored run id, or "latest". */
  run: string;
  /** A --format value ("Full", "html,sarif") or the list parseFormat returned. */
  format: ReportFormat | string | string[];
  output: string;
  locale?: string;
  connection: pg.ClientConfig;
}

/** Parses --run: "latest" or a positive integer (kept as a string: ids are bigint). */
export function parseRunArg(run: string): 'latest' | string {
  const v = String(run ?? '').trim();
  if (v.toLowerCase() === 'latest') return 'latest';
  if (/^[1-9]\d{0,18}$/.test(v)) return v;
  throw new Error(`invalid --run value "${run}": expected a run id (positive integer) or "latest"`);
}

export async function reportCommand(args: ReportCommandArgs): Promise<number> {
  let run: string;
  try {
    run = parseRunArg(args.run);
  } catch (e) {
    process.stderr.write(`sec-check report: ${(e as Error).message}\n`);
    return 2;
  }
  checkOutputTarget(args.output, parseFormat(args.format));
  const client = new pg.Client(args.connection);
  try {
    await client.connect();
  } catch (e) {
    throw new ConnectionError(`cannot connect (${args.connection.host}:${args.connection.port} as ${args.connection.user}): ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    let id: string | null = run;
    if (run === 'latest') {
      const r = await client.query<{ id: string | null }>('SELECT max(id)::text AS id FROM sec_check.runs');
      id = r.rows[0]?.id ?? null;
      if (id == null) {
        process.stderr.write('sec-check report: there are no stored runs in sec_check.runs\n');
        return 2;
      }
    }
    const r = await client.query<{ report: unknown }>('SELECT sec_check.report_json($1::bigint) AS report', [id]);
    doc = r.rows[0]?.report ?? null;
    if (doc == null) {
      process.stderr.write(`sec-check report: run ${id} not found in sec_check.runs\n`);
      return 2;
    }
  } catch (e) {
    throw new ConnectionError(`cannot read run ${run}: ${describeServerError(e)}`);
  } finally {
    await client.end();
  }
  // pg parses jsonb into objects; a json/text result would arrive as a string.
  const report = (typeof doc === 'string' ? JSON.parse(doc) : doc) as Report;
  if (report?.format !== 'sec_check-report' || report.format_version !== 1) {
    process.stderr.write(
      `sec-check report: sec_check.report_json returned an unsupported document (format ${String(report?.format)}, version ${String(report?.format_version)})\n`,
    );
    return 2;
  }
  const paths = await writeReports(report, { format: args.format, output: args.output, locale: args.locale });
  for (const p of paths) process.stdout.write(`${p}\n`);
  return 0;
}
