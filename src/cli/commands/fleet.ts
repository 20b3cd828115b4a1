// `sec-check fleet`: audit every server of an inventory in parallel (each with its own
// read-only connection and time limit), post findings to the channel, write one fleet report.
import { join } from 'node:path';
import { compilePack } from '../../core/pack.ts';
import { asUsage, nonEmpty, parseDuration, parseLocale } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { loadPackSource } from '../../session/pack-source.ts';
import { checkWritableFile, writeFilesAtomically } from '../output.ts';
import { exitCodeFor, parseFailOn } from '../../render/summary.ts';
import { channelOptionHelp, loadChannelOption, spoolDirOption } from '../findings-channel-options.ts';
import { deliverFindings, EXIT_PENDING } from '../../findings-channel/deliver.ts';
import { pendingCount } from '../../findings-channel/spool.ts';
import { InputFileError, loadInventory } from '../../fleet/inventory.ts';
import { auditFleetServer, type ServerOutcome } from '../../fleet/audit.ts';
import { buildFleetReport } from '../../fleet/document.ts';
import { renderFleetHtml } from '../../render/fleet.ts';
import { maskDeep, maskSecrets } from '../../session/secret-mask.ts';


export const fleetCommand: Command = {
  name: 'fleet',
  help: `sec-check fleet --inventory FILE [options]
  audit every [[servers]] table of FILE (name, host, port, database, user, password_file,
  tags, groups) in parallel with the built-in catalog; an unreachable server is reported as
  such and never stops the others; writes PREFIX.json, PREFIX.html and each server's report
  as PREFIX.servers/NAME.json
  --inventory FILE     the servers (TOML)
  --concurrency N      servers audited at once (default 4)
  --timeout DURATION   time limit for one server's whole audit (default 10m; 30s, 5m, 1h)
  --statement-timeout MS  per-statement limit (default 60000)
  --output PREFIX      report prefix (default fleet)
  --config FILE        a pack of one's own instead of the built-in catalog
  --unsecure           run even when the catalog's checksums do not match (report unverified)
  --locale CODE        message language (default en)
  --fail-on STATUS     exit 1 when a server has a result at/above it (default Error) or a
                       server could not be audited
  --store              post each server's host checks to its own sec_check tables (where installed)
${channelOptionHelp}`,
  options: {
    inventory: { type: 'string' },
    concurrency: { type: 'string' },
    timeout: { type: 'string' },
    'statement-timeout': { type: 'string' },
    output: { type: 'string' },
    config: { type: 'string' },
    unsecure: { type: 'boolean' },
    locale: { type: 'string' },
    'fail-on': { type: 'string' },
    store: { type: 'boolean' },
    channel: { type: 'string' },
    'spool-dir': { type: 'string' },
  },
  async run(values) {
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
    const output = nonEmpty(values.output, '--output') ?? 'fleet';
    if (/[\\/]$/.test(output)) throw new UsageError(`--output: ${JSON.stringify(output)} ends with a slash; give a file name prefix such as ${output}fleet`);
    checkWritableFile(`${output}.json`, '--output');
    checkWritableFile(`${output}.html`, '--output');
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
        process.stderr.write(maskSecrets(`${o.server.name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}: ${o.status}${o.error ? ` (${o.error.slice(0, 300)})` : ''} ${(o.duration_ms / 1000).toFixed(1)} s`, known) + '\n');
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
      { path: `${output}.json`, text: `${JSON.stringify(fleet, null, 2)}\n` },
      { path: `${output}.html`, text: renderFleetHtml(fleet, locale) },
      // a server's own report as run writes it, with the passwords sec-check knows masked
      ...outcomes.flatMap((o, i) => (o.report && reportFiles[i] ? [{ path: reportFiles[i]!, text: `${JSON.stringify(maskDeep(o.report, known, true), null, 2)}\n` }] : [])),
    ];
    const written = await writeFilesAtomically(files, '--output');

    const s = fleet.summary;
    console.log(`fleet: ${s.servers} servers, ${s.audited} audited, ${s.not_audited} not audited (${Object.entries(s.by_status).map(([k, v]) => `${k} ${v}`).join(', ')}) in ${(fleet.duration_ms / 1000).toFixed(1)} s (servers' own times ${(fleet.servers_duration_ms / 1000).toFixed(1)} s, concurrency ${concurrency})`);
    for (const srv of fleet.servers) {
      const score = srv.score ? (srv.score.percent === null ? 'n/a' : `${srv.score.percent}%`) : '-';
      console.log(`  ${srv.status.padEnd(11)} ${srv.name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}  score ${score}${srv.error ? `  ${srv.error.slice(0, 200)}` : ''}`);
    }
    if (fleet.channel) {
      const errors = [...outcomes.map((o) => o.delivery?.error), flushError].filter(Boolean);
      if (errors.length) process.stderr.write(`channel: ${maskSecrets(String(errors[errors.length - 1]), known)}\n`);
      console.log(`channel: ${fleet.channel.delivered} findings delivered${fleet.channel.duplicates ? ` (${fleet.channel.duplicates} already there)` : ''}, ${fleet.channel.pending} pending in ${fleet.channel.spool_dir}`);
    }
    console.log(`wrote ${written[0]}, ${written[1]} and ${written.length - 2} server reports`);
    if (fleet.channel && fleet.channel.pending > 0) return EXIT_PENDING;
    const findingsCode = Math.max(0, ...outcomes.map((o) => (o.judged ? exitCodeFor(o.judged, failOn) : 0)));
    return s.not_audited > 0 ? 1 : findingsCode;
  },
};
