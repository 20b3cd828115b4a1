// `sec-check report`: render a stored run (in-database or agent) in any format.
import { asUsage, CONNECTION_OPTIONS, connectionConfig, parse, UsageError } from '../args.ts';
import { parseFormat } from '../output.ts';
import { reportCommand } from './report.ts';

export const REPORT_HELP = `sec-check report --run ID|latest [--format F] [--output PREFIX] [--locale CODE] [connection options]`;

export async function reportCliCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    ...CONNECTION_OPTIONS,
    run: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    locale: { type: 'string' },
  });
  if (values.help) { console.log(REPORT_HELP); return 0; }
  const run = String(values.run ?? '');
  if (run !== 'latest' && !/^\d+$/.test(run)) throw new UsageError(`--run: expected a run id or "latest", found ${JSON.stringify(run)}`);
  return reportCommand({
    run,
    format: asUsage(() => parseFormat(String(values.format ?? 'Full'))),
    output: String(values.output ?? 'output'),
    locale: values.locale as string | undefined,
    connection: connectionConfig(values as Record<string, string>),
  });
}
