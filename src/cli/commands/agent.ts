// `sec-check agent`: the host agent's options; the agent itself is src/agent/agent.ts.
import { resolve } from 'node:path';
import { compilePack } from '../../core/pack.ts';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionConfig, nonEmpty, parseDuration, parseLocale } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { loadPackSource } from '../../session/pack-source.ts';
import { printSystemd } from '../../agent/systemd.ts';
import { checkStateFile } from '../output.ts';
import { INPUT_CAPS } from '../../session/input-file.ts';
import { hostChecksOnly, runAgent } from '../../agent/agent.ts';

export const agentCommand: Command = {
  name: 'agent',
  help: `sec-check agent (--once | --every DURATION | --print-systemd) [options]
  runs only the checks that need the host (shell executors) and posts them to the server's
  sec_check tables as origin agent (the role needs sec_check.grant_agent_access); one JSON
  line per cycle on stdout; SIGTERM stops it between cycles
  --config FILE        pack config.json (default: the built-in catalog next to the CLI)
  --once               one cycle, then exit (exit 2 when it could not post)
  --every DURATION     a cycle every 30s, 15m, 1h, 1d...; a failed post is retried with backoff
  --spool FILE         keep posts not yet stored in FILE, so a restart does not lose them
  --locale CODE        message language (default en)
  --statement-timeout MS  per-statement limit (default 60000)
  --unsecure           run even when the built-in catalog (or the pack's manifest) does not match its checksums
  --print-systemd      print a systemd service (+ timer with --once semantics, or a long-running
                       service with --every) running as --os-user; see docs/install.md, "The host agent"
  --os-user NAME       systemd: the PostgreSQL OS account (default postgres)
  --pgdata DIR         systemd: the data directory, mounted read-only (default /var/lib/postgresql/data)
  --credential FILE    systemd: the pgpass file loaded with LoadCredential= (default /etc/sec-check/pgpass)
${CONNECTION_HELP}`,
  options: {
    ...CONNECTION_OPTIONS,
    config: { type: 'string' },
    once: { type: 'boolean' },
    every: { type: 'string' },
    spool: { type: 'string' },
    locale: { type: 'string' },
    'statement-timeout': { type: 'string' },
    unsecure: { type: 'boolean' },
    'print-systemd': { type: 'boolean' },
    'os-user': { type: 'string' },
    pgdata: { type: 'string' },
    credential: { type: 'string' },
  },
  async run(values) {
    const every = values.every !== undefined ? parseDuration(String(values.every)) : null;
    if (values.once && every !== null) throw new UsageError('--once and --every: choose one');
    const config = nonEmpty(values.config, '--config');
    if (values['print-systemd']) {
      process.stdout.write(printSystemd({
        every: values.every as string | undefined,
        configPath: config !== undefined ? resolve(config) : null,
        // --username/--dbname are --user/--database under another name
        connection: { host: values.host as string | undefined, port: values.port as string | undefined,
          user: (values.user ?? values.username) as string | undefined, database: (values.database ?? values.dbname) as string | undefined },
        osUser: nonEmpty(values['os-user'], '--os-user') ?? 'postgres',
        pgdata: nonEmpty(values.pgdata, '--pgdata') ?? '/var/lib/postgresql/data',
        credential: nonEmpty(values.credential, '--credential') ?? '/etc/sec-check/pgpass',
      }));
      return 0;
    }
    if (!values.once && every === null) throw new UsageError('say how often: --once or --every DURATION (or --print-systemd)');
    const connection = connectionConfig(values);
    const locale = parseLocale(values.locale as string | undefined);
    const timeout = Number(values['statement-timeout'] ?? 60_000);
    if (!Number.isFinite(timeout) || timeout < 0) throw new UsageError(`--statement-timeout: not a number of milliseconds: ${values['statement-timeout']}`);
    const spool = values.spool !== undefined ? resolve(nonEmpty(values.spool, '--spool')!) : undefined;
    if (spool !== undefined) checkStateFile(spool, '--spool', INPUT_CAPS.document);

    // The pack is read and checked before connecting, as for run: the built-in catalog by
    // default, its checksums enforced unless --unsecure.
    const source = loadPackSource(config, Boolean(values.unsecure), (line) => process.stderr.write(`${line}\n`));
    const compiled = hostChecksOnly(compilePack(source.pack));
    if (compiled.sections.length === 0) throw new UsageError(`${config ?? 'the built-in catalog'}: the pack has no checks with shell executors; the agent has nothing to post`);
    return runAgent({ connection, statementTimeoutMs: timeout, locale, source, compiled, everyMs: values.once ? null : every, spool });
  },
};
