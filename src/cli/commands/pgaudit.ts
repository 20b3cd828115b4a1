// `sec-check pgaudit ingest`: pgaudit's records from the server's log directory into
// sec_check.audit_events (--store) or as JSON lines, exactly once per log entry.
import { CONNECTION_HELP, CONNECTION_OPTIONS, hasConnectionOption, connectionConfig, nonEmpty, type OptionValues } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { ConnectionError, openConnection } from '../../session/connect.ts';
import { compilePrefix, type CompiledPrefix } from '../../core/pgaudit/index.ts';
import { databaseSink, ingestPass, printSink, type FormatChoice, type PassResult, type Sink } from '../../pgaudit/ingest.ts';
import type pg from 'pg';
import { checkStateFile } from '../output.ts';
import { INPUT_CAPS } from '../../session/input-file.ts';

const HELP = `sec-check pgaudit ingest --log-dir DIR [--format auto|stderr|csvlog|jsonlog] [--log-line-prefix TEXT]
        [--store [connection options] | --state FILE] [--follow [--poll-interval SECONDS]]
    Reads pgaudit's SESSION and OBJECT records from PostgreSQL's log files in DIR. --store inserts
    them into sec_check.audit_events with the read position in sec_check.audit_ingest_state, in one
    transaction (the role needs sec_check.grant_pgaudit_ingest); without --store they are printed as
    JSON lines and --state FILE keeps the position. Re-running never repeats or skips an entry,
    across rotation; a torn last entry waits. --format auto (default) reads the .csv files if any,
    else .json, else the stderr files. stderr needs the server's log_line_prefix: --log-line-prefix,
    or read with SHOW when --store connects. --follow polls every --poll-interval seconds (default
    1) until interrupted. Problems (unreadable lines, forged records) go to stderr; exit 1 if any.
    Each event's origin says whether the log shows pgaudit wrote it (verified: log_error_verbosity
    = verbose, and a stderr log_line_prefix without %a, %u, %d) or cannot (unverifiable).
${CONNECTION_HELP}`;

const MAX_PROBLEM_LINES = 100;

export const pgauditCommand: Command = {
  name: 'pgaudit',
  help: HELP,
  options: {
    ...CONNECTION_OPTIONS,
    'log-dir': { type: 'string' },
    format: { type: 'string' },
    'log-line-prefix': { type: 'string' },
    store: { type: 'boolean' },
    state: { type: 'string' },
    follow: { type: 'boolean' },
    'poll-interval': { type: 'string' },
    'chunk-bytes': { type: 'string' },
  },
  subcommands: ['ingest'],
  run: (values, sub) => runPgaudit(sub, values),
};

async function runPgaudit(sub: string | undefined, values: OptionValues): Promise<number> {
  if (sub !== 'ingest') throw new UsageError(sub === undefined ? 'a subcommand is required: sec-check pgaudit ingest --log-dir DIR ...' : `unknown subcommand ${JSON.stringify(sub)} (ingest)`);
  const dir = nonEmpty(values['log-dir'], '--log-dir');
  if (!dir) throw new UsageError('--log-dir DIR is required (the server\'s log_directory)');
  const format = String(values.format ?? 'auto') as FormatChoice;
  if (!['auto', 'stderr', 'csvlog', 'jsonlog'].includes(format)) throw new UsageError(`--format: auto, stderr, csvlog or jsonlog, not ${JSON.stringify(values.format)}`);
  const store = values.store === true;
  const statePath = nonEmpty(values.state, '--state');
  if (store && statePath) throw new UsageError('--state is for runs without --store (with --store the position is kept in the database)');
  if (statePath) checkStateFile(statePath, `--state`, INPUT_CAPS.document);
  if (!store && hasConnectionOption(values)) {
    throw new UsageError('connection options need --store');
  }
  const interval = Number(values['poll-interval'] ?? 1);
  if (!Number.isFinite(interval) || interval <= 0 || interval > 3600) throw new UsageError(`--poll-interval: seconds between 0 and 3600, not ${JSON.stringify(values['poll-interval'])}`);
  if (values['poll-interval'] !== undefined && values.follow !== true) throw new UsageError('--poll-interval needs --follow');
  const chunkBytes = values['chunk-bytes'] === undefined ? undefined : Number(values['chunk-bytes']);
  if (chunkBytes !== undefined && (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1)) throw new UsageError(`--chunk-bytes: not a positive number: ${JSON.stringify(values['chunk-bytes'])}`);
  let prefixText = values['log-line-prefix'] === undefined ? null : String(values['log-line-prefix']);

  let client: pg.Client | null = null;
  let sink: Sink;
  if (store) {
    client = await openConnection(connectionConfig(values), { readOnly: false });
    // pg_class, not to_regclass: a role without USAGE on the schema still learns it is there
    const ok = await client.query(`SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'sec_check' AND c.relname = 'audit_ingest_state') AS ok`);
    if (!ok.rows[0].ok) { await client.end().catch(() => {}); throw new ConnectionError('--store: the sec_check extension (0.3.0 or later) is not installed in this database (CREATE EXTENSION sec_check)'); }
    if (prefixText === null) prefixText = String((await client.query('SHOW log_line_prefix')).rows[0].log_line_prefix);
    sink = databaseSink(client);
  } else {
    sink = printSink((text) => new Promise((done, fail) => process.stdout.write(text, (e) => (e ? fail(e) : done()))), statePath ?? null);
  }
  const prefix: CompiledPrefix | null = prefixText === null ? null : compilePrefix(prefixText);

  let stop = false;
  const onSignal = () => { stop = true; };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let problems = 0;
  try {
    for (;;) {
      let r: PassResult;
      try {
        r = await ingestPass({ dir, format, prefix, sink, chunkBytes });
      } catch (e) {
        const err = e as Error & { code?: string };
        if (err.code === '42501') throw new ConnectionError(`--store: ${err.message} (the ingesting role needs SELECT sec_check.grant_pgaudit_ingest('ROLE'))`);
        if (err.code) throw new ConnectionError(`--store: ${err.message}`);
        throw new UsageError(err.message);
      }
      // a wrong log_line_prefix makes every line a problem: name the first ones, count the rest
      for (const p of r.problems.slice(0, MAX_PROBLEM_LINES)) process.stderr.write(`sec-check pgaudit: ${p.file ?? dir}@${p.offset}: ${p.reason}\n`);
      if (r.problems.length > MAX_PROBLEM_LINES) process.stderr.write(`sec-check pgaudit: ... and ${r.problems.length - MAX_PROBLEM_LINES} more problems\n`);
      problems += r.problems.length;
      for (const why of r.unverifiableWhy) process.stderr.write(`sec-check pgaudit: events marked unverifiable (origin): ${why}\n`);
      process.stderr.write(JSON.stringify({ files: r.files, events: r.events, unverifiable: r.unverifiable, bytes: r.bytes, waiting: r.waiting, problems: r.problems.length, pending: r.pending }) + '\n');
      if (values.follow !== true || stop) break;
      await new Promise((done) => setTimeout(done, interval * 1000));
      if (stop) break;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (client) await client.end().catch(() => {});
  }
  return problems ? 1 : 0;
}
