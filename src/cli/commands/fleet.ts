// `sec-check fleet`: audit every server of an inventory in parallel (each with its own
// read-only connection and time limit), post findings to the channel, write one fleet report.
import { join } from 'node:path';
import { compilePack } from '../../core/pack.ts';
import { asUsage, nonEmpty, parseDuration, parseLocale } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { loadPackSource } from '../../session/pack-source.ts';
import { checkWritableFile, isStdout, messageStream, writeFilesAtomically } from '../output.ts';
import { printableCell, renderTable } from '../../render/table.ts';
import { defaultFailUnverified, exitCodeFor, parseFailOn, parseFailUnverified } from '../../render/summary.ts';
import { channelOptionHelp, loadChannelOption, spoolDirOption } from '../findings-channel-options.ts';
import { deliverFindings, EXIT_PENDING } from '../../findings-channel/deliver.ts';
import { pendingCount } from '../../findings-channel/spool.ts';
import { InputFileError, loadInventory } from '../../fleet/inventory.ts';
import { auditFleetServer, type ServerOutcome } from '../../fleet/audit.ts';
import { buildFleetReport } from '../../fleet/document.ts';
import { renderFleetHtml } from '../../render/fleet.ts';
import { parseCentral } from '../../fleet/central.ts';
import { collectServer, openCentral, type CollectOutcome } from '../../fleet/collect.ts';
import type { OptionValues } from '../args.ts';
import { maskDeep, maskSecrets } from '../../session/secret-mask.ts';


/** Fleet documents: Json (PREFIX.json), Html (PREFIX.html); Full = both (the default but on stdout). */
function parseFleetFormats(value: string | undefined, toStdout: boolean): ('Json' | 'Html')[] {
  if (value === undefined) return toStdout ? ['Json'] : ['Json', 'Html'];
  const wanted = new Set<'Json' | 'Html'>();
  for (const raw of value.split(',')) {
    const part = raw.trim().toLowerCase();
    if (part === 'full') { wanted.add('Json'); wanted.add('Html'); } else if (part === 'json') wanted.add('Json');
    else if (part === 'html') wanted.add('Html');
    else if (part !== '') throw new UsageError(`--format: unknown fleet format ${JSON.stringify(raw.trim())}: expected Json, Html or Full (comma-separated for several)`);
  }
  if (!wanted.size) throw new UsageError(`--format: empty value ${JSON.stringify(value)}: expected Json, Html or Full`);
  return (['Json', 'Html'] as const).filter((f) => wanted.has(f));
}

export const fleetCommand: Command = {
  name: 'fleet',
  help: `sec-check fleet --inventory FILE [options]
sec-check fleet --collect --inventory FILE --into postgresql://USER@HOST:PORT/DBNAME [--concurrency N]
  --collect copies every server's new stored runs, results and findings (sec_check.run() and
  scheduled audits store them on each server) into the central database's fleet tables, once:
  read-only on the servers (grant_fleet_source_access), insert-only there
  (grant_fleet_collector_access); a socket directory goes in ?host=/path
  audit every [[servers]] table of FILE (name, host, port, database, user, password_file,
  tags, groups) in parallel with the built-in catalog; an unreachable server is reported as
  such and never stops the others; writes PREFIX.json, PREFIX.html and each server's report
  as PREFIX.servers/NAME.json
  --inventory FILE     the servers (TOML)
  --concurrency N      servers audited at once (default 4)
  --timeout DURATION   time limit for one server's whole audit (default 10m; 30s, 5m, 1h)
  --statement-timeout MS  per-statement limit (default 60000)
  --format F           Json, Html or Full (Json+Html, default), or a comma list
  --output PREFIX      report prefix (default fleet); - writes the one --format given to stdout
                       (Json by default) and no server reports
  --config FILE        a pack of one's own instead of the built-in catalog
  --unsecure           run even when the catalog's checksums do not match (report unverified)
  --locale CODE        message language (default en)
  --fail-on STATUS     exit 1 when a server has a result at/above it (default Error) or a
                       server could not be audited
  --fail-on-unverified SEVERITY  exit 1 also when a check of this severity or above could not be
                       verified (Failed): critical, high (default; never with --fail-on never),
                       medium, low, info, never
  --store              post each server's host checks to its own sec_check tables (where installed)
${channelOptionHelp}`,
  options: {
    inventory: { type: 'string' },
    concurrency: { type: 'string' },
    timeout: { type: 'string' },
    'statement-timeout': { type: 'string' },
    output: { type: 'string' },
    format: { type: 'string' },
    config: { type: 'string' },
    unsecure: { type: 'boolean' },
    locale: { type: 'string' },
    'fail-on': { type: 'string' },
    'fail-on-unverified': { type: 'string' },
    store: { type: 'boolean' },
    channel: { type: 'string' },
    'spool-dir': { type: 'string' },
    collect: { type: 'boolean' },
    into: { type: 'string' },
  },
  async run(values) {
    if (values.collect) return collect(values);
    if (values.into !== undefined) throw new UsageError('--into names the central database of --collect');
    const inventoryPath = nonEmpty(values.inventory, '--inventory');
    if (inventoryPath === undefined) throw new UsageError('--inventory FILE is required');
    const concurrencyText = String(values.concurrency ?? '4');
    const concurrency = Number(concurrencyText);
    if (!/^\d+$/.test(concurrencyText) || !Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 256) {
      throw new UsageError(`--concurrency: not a whole number from 1 to 256: ${JSON.stringify(values.concurrency)}`);
    }
    const timeoutMs = parseDuration(String(values.timeout ?? '10m'), '--timeout');
    const statementTimeoutMs = Number(values['statement-timeout'] ?? 60_000);
    if (!Number.isFinite(statementTimeoutMs) || statementTimeoutMs < 0) throw new UsageError(`--statement-timeout: not a number of milliseconds: ${values['statement-timeout']}`);
    const locale = parseLocale(values.locale as string | undefined);
    const failOn = asUsage(() => parseFailOn(String(values['fail-on'] ?? 'Error')));
    const failUnverified = values['fail-on-unverified'] === undefined ? defaultFailUnverified(failOn)
      : asUsage(() => parseFailUnverified(String(values['fail-on-unverified'])));
    const output = nonEmpty(values.output, '--output') ?? 'fleet';
    const toStdout = isStdout(output);
    const formats = parseFleetFormats(values.format as string | undefined, toStdout);
    if (toStdout && formats.length !== 1) throw new UsageError(`--output ${output}: standard output takes one format, not ${formats.join(' and ')}`);
    if (!toStdout && /[\\/]$/.test(output)) throw new UsageError(`--output: ${JSON.stringify(output)} ends with a slash; give a file name prefix such as ${output}fleet`);
    for (const f of formats) checkWritableFile(toStdout ? output : `${output}.${f.toLowerCase()}`, '--output');
    const say = messageStream(toStdout);
    const channel = loadChannelOption(values.channel);
    const spoolDir = spoolDirOption(values['spool-dir'], channel);

    const source = loadPackSource(nonEmpty(values.config, '--config'), Boolean(values.unsecure), (line) => process.stderr.write(`${line}\n`));
    const compiled = compilePack(source.pack);
    let servers;
    try {
      servers = loadInventory(inventoryPath, compiled.sections.map((s) => s.key));
    } catch (e) {
      if (e instanceof InputFileError) throw new UsageError(`--inventory ${e.message}`);
      throw e;
    }

    let chain: Promise<unknown> = Promise.resolve();
    const serializeDelivery = <T>(fn: () => Promise<T>): Promise<T> => {
      const next = chain.then(fn, fn);
      chain = next.catch(() => undefined);
      return next;
    };
    // every password sec-check knows: whatever prints or writes about the fleet masks them
    const known = [...servers.map((s) => s.password), channel?.password];
    const ctx = { pack: source.pack, compiled, provenance: source.provenance, locale, statementTimeoutMs, timeoutMs, store: Boolean(values.store), channel, spoolDir, serializeDelivery };

    const startedAt = new Date();
    const outcomes: ServerOutcome[] = new Array(servers.length);
    let nextIndex = 0;
    const worker = async () => {
      while (nextIndex < servers.length) {
        const i = nextIndex++;
        outcomes[i] = await auditFleetServer(servers[i], ctx);
        const o = outcomes[i];
        // a server not audited is an error: said on stderr as it happens (the table below lists every server)
        if (o.status !== 'audited') process.stderr.write(maskSecrets(`sec-check fleet: ${printableCell(o.server.name)}: ${o.status}${o.error ? ` (${printableCell(o.error.slice(0, 300))})` : ''}`, known) + '\n');
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, servers.length) }, worker));
    // no server delivered (all unreachable, say): still try what earlier runs left pending
    let flushError: string | undefined;
    if (channel && !outcomes.some((o) => o.delivery)) flushError = (await deliverFindings(channel, [], { spoolDir: spoolDir! })).error;
    const pending = channel ? pendingCount(spoolDir!) : 0;
    const finishedAt = new Date();

    // each server's full report beside the fleet report (names made file-safe and unique)
    const used = new Set<string>();
    const reportFiles = outcomes.map((o) => {
      if (!o.report) return null;
      const base = o.server.name.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_').slice(0, 100) || 'server';
      let name = base;
      for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
      used.add(name);
      return join(`${output}.servers`, `${name}.json`);
    });
    // fleet.json and fleet.html (and the console lines below) from one masked document
    const fleet = maskDeep(buildFleetReport(outcomes, { startedAt, finishedAt, concurrency, reportFiles, spoolDir, pending }), known);
    const files = [
      ...(formats.includes('Json') ? [{ path: toStdout ? '-' : `${output}.json`, text: `${JSON.stringify(fleet, null, 2)}\n` }] : []),
      ...(formats.includes('Html') ? [{ path: toStdout ? '-' : `${output}.html`, text: renderFleetHtml(fleet, locale) }] : []),
      ...(toStdout ? [] : outcomes.flatMap((o, i) => (o.report && reportFiles[i] ? [{ path: reportFiles[i]!, text: `${JSON.stringify(maskDeep(o.report, known, true), null, 2)}\n` }] : []))),
    ];
    const written = await writeFilesAtomically(files, '--output');

    const s = fleet.summary;
    say(`fleet: ${s.servers} servers, ${s.audited} audited, ${s.not_audited} not audited (${Object.entries(s.by_status).map(([k, v]) => `${k} ${v}`).join(', ')}) in ${(fleet.duration_ms / 1000).toFixed(1)} s (servers' own times ${(fleet.servers_duration_ms / 1000).toFixed(1)} s, concurrency ${concurrency})`);
    say(renderTable(
      [{ header: 'STATUS' }, { header: 'SERVER' }, { header: 'SCORE', right: true }, { header: 'TIME', right: true }, { header: 'PROBLEM', max: 200 }],
      fleet.servers.map((srv, i) => [srv.status, srv.name, srv.score ? (srv.score.percent === null ? 'n/a' : `${srv.score.percent}%`) : '-',
        `${(outcomes[i].duration_ms / 1000).toFixed(1)} s`, srv.error ?? '']),
      '  ',
    ).trimEnd());
    if (fleet.channel) {
      const errors = [...outcomes.map((o) => o.delivery?.error), flushError].filter(Boolean);
      if (errors.length) process.stderr.write(`channel: ${maskSecrets(String(errors[errors.length - 1]), known)}\n`);
      say(`channel: ${fleet.channel.delivered} findings delivered${fleet.channel.duplicates ? ` (${fleet.channel.duplicates} already there)` : ''}, ${fleet.channel.pending} pending in ${fleet.channel.spool_dir}`);
    }
    const serverReports = written.length - formats.length;
    if (!toStdout) say(`wrote ${written.slice(0, formats.length).join(', ')} and ${serverReports} server report${serverReports === 1 ? '' : 's'}`);
    if (fleet.channel && fleet.channel.pending > 0) return EXIT_PENDING;
    const findingsCode = Math.max(0, ...outcomes.map((o) => (o.judged ? exitCodeFor(o.judged, failOn, failUnverified) : 0)));
    return s.not_audited > 0 ? 1 : findingsCode;
  },
};

const COLLECT_ONLY = ['inventory', 'into', 'concurrency', 'statement-timeout', 'collect'];

/** `fleet --collect`: every server's new stored runs into the central database, once. */
async function collect(values: OptionValues): Promise<number> {
  const stray = Object.keys(values).find((k) => values[k] !== undefined && !COLLECT_ONLY.includes(k));
  if (stray) throw new UsageError(`--${stray} is not used by --collect (it copies stored runs; it runs no audit and writes no report)`);
  const inventoryPath = nonEmpty(values.inventory, '--inventory');
  if (inventoryPath === undefined) throw new UsageError('--inventory FILE is required');
  const central = parseCentral(values.into as string | undefined);
  const concurrencyText = String(values.concurrency ?? '4');
  const concurrency = Number(concurrencyText);
  if (!/^\d+$/.test(concurrencyText) || !Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    throw new UsageError(`--concurrency: not a whole number from 1 to 256: ${JSON.stringify(values.concurrency)}`);
  }
  const statementTimeoutMs = Number(values['statement-timeout'] ?? 600_000);
  if (!Number.isFinite(statementTimeoutMs) || statementTimeoutMs < 0) throw new UsageError(`--statement-timeout: not a number of milliseconds: ${values['statement-timeout']}`);
  let servers;
  try {
    // groups of the inventory are the audit's business; any group name is accepted here
    servers = loadInventory(inventoryPath, null);
  } catch (e) {
    if (e instanceof InputFileError) throw new UsageError(`--inventory ${e.message}`);
    throw e;
  }
  // the central database first: without it (or without the grant) nothing is worth reading
  await (await openCentral(central, statementTimeoutMs)).end();
  const started = performance.now();
  const outcomes: CollectOutcome[] = new Array(servers.length);
  let next = 0;
  const worker = async () => {
    while (next < servers.length) {
      const i = next++;
      const o = outcomes[i] = await collectServer(servers[i], { central, statementTimeoutMs, batchRuns: 50 });
      const name = o.server.name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
      const what = o.status === 'collected' ? `${o.runs} runs, ${o.results} results, ${o.findings} findings (runs ${o.from_run_id! + 1}..${o.to_run_id})`
        : o.status === 'up_to_date' ? `nothing new after run ${o.from_run_id}` : (o.error ?? '').slice(0, 300);
      console.log(`  ${o.status.padEnd(11)} ${name}: ${what} ${(o.duration_ms / 1000).toFixed(1)} s`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, servers.length) }, worker));
  const seconds = (performance.now() - started) / 1000;
  const sum = (k: 'runs' | 'results' | 'findings' | 'rows') => outcomes.reduce((n, o) => n + o[k], 0);
  const failed = outcomes.filter((o) => o.status !== 'collected' && o.status !== 'up_to_date').length;
  console.log(`collected ${sum('runs')} runs, ${sum('results')} results, ${sum('findings')} findings from ${servers.length} servers ` +
    `into ${central.database} in ${seconds.toFixed(1)} s (${Math.round(sum('rows') / Math.max(seconds, 0.001))} rows/s); ` +
    `${outcomes.filter((o) => o.status === 'up_to_date').length} had nothing new, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}
