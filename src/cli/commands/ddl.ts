// `sec-check ddl`: the DDL trail of one database for a time window, as JSON or HTML.
import { asUsage, CONNECTION_HELP, CONNECTION_OPTIONS, connectionConfig, nonEmpty, parseLocale, type OptionValues } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { checkWritableFile, writeFilesAtomically } from '../output.ts';
import { renderDdlTrailHtml } from '../../render/ddl-trail.ts';
import { readDdlTrail, type TrailTime } from '../../ddl-trail/trail.ts';

const DDL_HELP = `sec-check ddl [--since TIME] [--until TIME] [--format json|html] [--output FILE] [--limit N] [--locale en|ru] [connection options]
    The DDL trail (sec_check.ddl_activity) from --since up to --until, newest first, with the
    chain verification. Writes to stdout without --output. Exit 1 when the chain does not verify.
    --locale sets the language of the HTML page (default en). --since and --until take a
    date/time (2026-11-22, 2026-11-22T03:00Z) or a duration back from now (90m, 1h, 7d).
${CONNECTION_HELP}`;

/** A date/time, or a duration back from the server's now (`1h`, `90m`, `7d`, `30s`). */
function parseTime(option: string, value: unknown): TrailTime {
  if (value === undefined) return null;
  const text = String(value);
  const ago = /^(\d+(?:\.\d+)?)(s|m|min|h|d|w)$/.exec(text.trim());
  if (ago) return { agoSeconds: Number(ago[1]) * { s: 1, m: 60, min: 60, h: 3600, d: 86_400, w: 604_800 }[ago[2]]! };
  if (Number.isNaN(Date.parse(text))) throw new Error(`--${option}: not a date/time: ${JSON.stringify(text)} (a date/time such as 2026-11-22T03:00Z, or a duration back from now such as 1h, 7d)`);
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

  const doc = await readDdlTrail(connectionConfig(values), { since, until, limit });
  const text = format === 'html' ? renderDdlTrailHtml(doc, locale) : JSON.stringify(doc, null, 2) + '\n';
  if (output) await writeFilesAtomically([{ path: output, text }], '--output');
  else process.stdout.write(text);
  return doc.verify && !doc.verify.ok ? 1 : 0;
}
