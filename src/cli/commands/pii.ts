// `sec-check pii`: PII discovery from the CLI — the same core generator and rules as
// sec_check.pii_scan() in the database, driven over a read-only connection.
import { asUsage, CONNECTION_HELP, CONNECTION_OPTIONS, connectionConfig, nonEmpty, parseLocale, splitList, type OptionValues } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { openConnection } from '../../session/connect.ts';
import { checkWritableFile, isStdout, messageStream, writeFilesAtomically } from '../output.ts';
import { renderTable } from '../../render/table.ts';
import { parsePiiOptions, PiiOptionsError, type PiiScanDocument } from '../../core/pii/scan.ts';
import { scanDatabase, storePiiScan } from '../../pii/scan.ts';
import { renderPiiPage } from '../../render/pii-section.ts';
import { channelOptionHelp, loadChannelOption, spoolDirOption } from '../findings-channel-options.ts';
import { guardedPoint, type AuditedPoint } from '../../findings-channel/session.ts';
import { deliverFindings, deliverySummary, EXIT_PENDING } from '../../findings-channel/deliver.ts';
import { scanExclusions } from '../../findings-channel/config.ts';
import { piiChannelFindings } from '../../pii/channel-findings.ts';

const HELP = `sec-check pii [--format text|json|html] [--output FILE|-] [--json FILE] [--html FILE] [--store]
              [--schemas A,B] [--exclude-tables S.T,T]
              [--sample-rows N] [--max-tables N] [--tablesample-min-rows N] [--options JSON]
              [--statement-timeout MS] [--locale en|ru] [--channel FILE [--spool-dir DIR]]
              [connection options]
    Finds personal data (e-mail, phone, payment cards, IBAN, INN, SNILS, passports, SSN, IP
    addresses, secrets, password hashes) in the columns the role can read, from a bounded
    sample per table; prints masked findings (a table and a summary line on stdout; problems
    on stderr). --format json or html with --output FILE (or - for stdout) writes the scan
    document or page instead; --json FILE and --html FILE write them besides. --exclude-tables
    takes table or schema.table names as SQL reads them ("My Table" keeps its case).
    --store records them in sec_check.pii_findings
    (needs sec_check.grant_pii_access). --options takes the JSON sec_check.pii_scan() takes.
    With --channel, the findings table is never scanned when [scan] exclude_tables names it;
    a channel in the scanned database without that exclusion is refused (detection loop).
${channelOptionHelp}
${CONNECTION_HELP}`;

function intOption(values: OptionValues, name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (!/^\d{1,12}$/.test(String(v))) throw new UsageError(`--${name}: not a positive integer: ${JSON.stringify(v)}`);
  return Number(v);
}

export const piiCommand: Command = {
  name: 'pii',
  help: HELP,
  options: {
    ...CONNECTION_OPTIONS,
    format: { type: 'string' },
    output: { type: 'string' },
    json: { type: 'string' },
    html: { type: 'string' },
    store: { type: 'boolean' },
    schemas: { type: 'string' },
    'exclude-tables': { type: 'string' },
    'sample-rows': { type: 'string' },
    'max-tables': { type: 'string' },
    'tablesample-min-rows': { type: 'string' },
    options: { type: 'string' },
    'statement-timeout': { type: 'string' },
    locale: { type: 'string' },
    channel: { type: 'string' },
    'spool-dir': { type: 'string' },
  },
  run: piiRun,
};

/** p_options-shaped object from --options and the single flags (flags win). */
export function piiOptionsFromArgs(values: OptionValues): Record<string, unknown> {
  let base: Record<string, unknown> = {};
  if (values.options !== undefined) {
    try {
      base = JSON.parse(String(values.options));
    } catch (e) {
      throw new UsageError(`--options: not valid JSON (${(e as Error).message})`);
    }
    if (typeof base !== 'object' || base === null || Array.isArray(base)) throw new UsageError(`--options: expected a JSON object, found ${JSON.stringify(base)}`);
  }
  const out: Record<string, unknown> = { ...base };
  const schemas = values.schemas === undefined ? undefined : splitList(String(values.schemas), '--schemas');
  if (schemas) out.schemas = schemas;
  const excl = values['exclude-tables'] === undefined ? undefined : splitList(String(values['exclude-tables']), '--exclude-tables');
  if (excl) out.exclude_tables = excl;
  for (const [flag, key] of [['sample-rows', 'sample_rows'], ['max-tables', 'max_tables'], ['tablesample-min-rows', 'tablesample_min_rows']] as const) {
    const n = intOption(values, flag);
    if (n !== undefined) out[key] = n;
  }
  return out;
}

const FLAG_OF: Record<string, string> = {
  schemas: 'schemas', exclude_tables: 'exclude-tables', sample_rows: 'sample-rows', max_tables: 'max-tables', tablesample_min_rows: 'tablesample-min-rows',
};

async function piiRun(values: OptionValues): Promise<number> {
  // The channel file is read and checked before connecting; its excluded tables (the findings
  // table among them) are never scanned, so findings are not found again in the channel.
  const channel = loadChannelOption(values.channel);
  const spoolDir = spoolDirOption(values['spool-dir'], channel);
  const options = asUsage(() => {
    try {
      const raw = piiOptionsFromArgs(values);
      if (channel) {
        const own = Array.isArray(raw.exclude_tables) ? raw.exclude_tables as unknown[] : [];
        raw.exclude_tables = [...new Set([...own, ...scanExclusions(channel)])];
      }
      return parsePiiOptions(raw);
    } catch (e) {
      if (e instanceof PiiOptionsError) {
        // name the flag the user typed when the value came from one
        const m = /^options\.(\w+)[[:]/.exec(e.message);
        const flag = m && FLAG_OF[m[1]];
        throw new UsageError(flag && values[flag] !== undefined ? e.message.replace(`options.${m![1]}`, `--${flag}`) : e.message);
      }
      throw e;
    }
  });
  const locale = values.locale === undefined ? 'en' : parseLocale(values.locale as string);
  const format = String(values.format ?? 'text').toLowerCase();
  if (!['text', 'json', 'html'].includes(format)) throw new UsageError(`--format: text, json or html, not ${JSON.stringify(values.format)}`);
  const output = nonEmpty(values.output, '--output');
  if (format === 'text' && output !== undefined && !isStdout(output)) throw new UsageError('--output: the text table goes to stdout; for a file give --format json or html');
  const docOut = format === 'text' ? undefined : output ?? '-';
  const jsonOut = format === 'json' ? docOut : nonEmpty(values.json, '--json');
  const htmlOut = format === 'html' ? docOut : nonEmpty(values.html, '--html');
  if (format === 'json' && values.json !== undefined) throw new UsageError('--json: not with --format json (--output names the file)');
  if (format === 'html' && values.html !== undefined) throw new UsageError('--html: not with --format html (--output names the file)');
  if (isStdout(jsonOut) && isStdout(htmlOut)) throw new UsageError('--json and --html: only one of them can go to standard output');
  if (jsonOut) checkWritableFile(jsonOut, format === 'json' ? '--output' : '--json');
  if (htmlOut) checkWritableFile(htmlOut, format === 'html' ? '--output' : '--html');
  // the document on stdout: the table and summary move to stderr so the document stays whole
  const say = messageStream(isStdout(jsonOut) || isStdout(htmlOut));
  const timeout = intOption(values, 'statement-timeout') ?? 30000;

  const config = connectionConfig(values);
  const client = await openConnection(config, { readOnly: true, statementTimeoutMs: timeout });
  let doc: PiiScanDocument;
  let scanId: string | null = null;
  let point: AuditedPoint | null = null;
  try {
    // the scanned database and its WAL position at the scan; a channel that is this very
    // database without the findings table excluded is refused before anything is read
    if (channel) point = await guardedPoint(channel, client, config);
    doc = await scanDatabase(client, options);
    if (values.store) scanId = await storePiiScan(client, doc);
  } finally {
    await client.end().catch(() => {});
  }
  const files: { path: string; text: string }[] = [];
  if (jsonOut) files.push({ path: jsonOut, text: JSON.stringify(doc, null, 2) + '\n' });
  if (htmlOut) files.push({ path: htmlOut, text: renderPiiPage(doc, locale) });
  if (files.length) await writeFilesAtomically(files, jsonOut ? '--json' : '--html');
  // names come from the scanned database: the table renderer escapes control characters
  if (doc.findings.length) {
    say(renderTable(
      [{ header: 'SEVERITY' }, { header: 'CATEGORY' }, { header: 'COLUMN' }, { header: 'MATCHES', right: true }, { header: 'SAMPLE', max: 40 }, { header: 'PRIMARY KEY', max: 80 }],
      doc.findings.map((f) => [f.severity, f.category, `${f.schema_name}.${f.table_name}.${f.column_name}`, `${f.match_count}/${f.sampled}`, f.masked_sample, JSON.stringify(f.primary_key)]),
    ).trimEnd());
  }
  say(`${doc.findings.length} findings in ${doc.columns_scanned} columns of ${doc.tables_scanned} tables${doc.skipped.length ? `, ${doc.skipped.length} tables not scanned` : ''}${scanId ? `; stored as scan ${scanId}` : ''}`);
  if (channel && point) {
    const findings = piiChannelFindings(doc, { database: point.label, lsn: point.lsn, locale: locale === 'ru' ? 'ru' : 'en' });
    const delivery = await deliverFindings(channel, findings, { spoolDir: spoolDir!, source: point.identity });
    if (delivery.error) process.stderr.write(`channel: ${delivery.error}\n`);
    say(deliverySummary(delivery));
    if (delivery.pending > 0) return EXIT_PENDING;
  }
  return 0;
}
