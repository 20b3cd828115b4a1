// `sec-check ddl`: the DDL trail of one database for a time window, as JSON or HTML.
import { asUsage, CONNECTION_OPTIONS, connectionConfig, nonEmpty, parseLocale, type OptionValues } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { checkWritableFile, writeFilesAtomically } from '../output.ts';
import { renderDdlTrailHtml } from '../../render/ddl-trail.ts';
import { readDdlTrail } from '../../ddl-trail/trail.ts';

const DDL_HELP = `sec-check ddl [--since TIME] [--until TIME] [--format json|html] [--output FILE] [--limit N] [--locale en|ru] [connection options]
    The DDL trail (sec_check.ddl_activity) from --since up to --until, newest first, with the
    chain verification. Writes to stdout without --output. Exit 1 when the chain does not verify.
    --locale sets the language of the HTML page (default en).`;

function parseTime(option: string, value: unknown): string | null {
  if (value === undefined) return null;
  const text = String(value);
  if (Number.isNaN(Date.parse(text))) throw new Error(`--${option}: not a date/time: ${JSON.stringify(text)}`);
  return text;
}

export const ddlCommand: Command = {
  name: 'ddl',
  help: DDL_HELP,
  options: {
    ...CONNECTION_OPTIONS,
    since: { type: 'string' },
    until: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    limit: { type: 'string' },
    locale: { type: 'string' },
  },
  run: ddlTrail,
};

async function ddlTrail(values: OptionValues): Promise<number> {
  const since = asUsage(() => parseTime('since', values.since));
  const until = asUsage(() => parseTime('until', values.until));
  const format = String(values.format ?? 'json').toLowerCase();
  if (format !== 'json' && format !== 'html') throw new UsageError(`--format: json or html, not ${JSON.stringify(values.format)}`);
  const limit = Number(values.limit ?? 10000);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new UsageError(`--limit: not a positive number: ${JSON.stringify(values.limit)}`);
  const locale = parseLocale(values.locale as string | undefined);
  const output = nonEmpty(values.output, '--output');
  if (output) checkWritableFile(output, '--output');

  const doc = await readDdlTrail(connectionConfig(values as Record<string, string>), { since, until, limit });
  const text = format === 'html' ? renderDdlTrailHtml(doc, locale) : JSON.stringify(doc, null, 2) + '\n';
  if (output) await writeFilesAtomically([{ path: output, text }], '--output');
  else process.stdout.write(text);
  return doc.verify && !doc.verify.ok ? 1 : 0;
}
