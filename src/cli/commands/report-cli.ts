// `sec-check report`: render a stored run (in-database or agent) in any format.
import { asUsage, CONNECTION_OPTIONS, connectionConfig, parse, parseLocale } from '../args.ts';
import { parseFormat } from '../output.ts';
import { parseRunArg, reportCommand } from './report.ts';

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
  // One parser for --run (report.ts); here its error becomes a usage error.
  const run = asUsage(() => parseRunArg(String(values.run ?? '')));
  return reportCommand({
    run,
    format: asUsage(() => parseFormat(String(values.format ?? 'Full'))),
    output: String(values.output ?? 'output'),
    locale: values.locale === undefined ? undefined : parseLocale(values.locale as string),
    connection: connectionConfig(values as Record<string, string>),
  });
}
