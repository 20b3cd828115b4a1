// `sec-check run`: audit a server from outside (any PostgreSQL 13+, no JS language needed),
// write the reports, optionally store the run in the server's sec_check tables.
import { loadPackFromConfig } from '../../runtime/node-pack.ts';
import { auditWithNode } from '../../runtime/node.ts';
import { compilePack, selectSections } from '../../core/pack.ts';
import { asUsage, CONNECTION_OPTIONS, connectionConfig, parse, splitList, UsageError } from '../args.ts';
import { openAuditConnection, storeReport } from '../connect.ts';
import { parseFormat, writeReports } from '../output.ts';
import { consoleSummary, exitCodeFor, parseFailOn } from '../../report/summary.ts';
import { startProgress } from '../progress.ts';

export const RUN_HELP = `sec-check run [options]
  --host DIR|HOST      socket directory or host (PGHOST, default /tmp)
  --port N             port (PGPORT, default 5432)
  --user NAME          user (PGUSER); password only from PGPASSWORD or ~/.pgpass
  --database NAME      database (PGDATABASE, default postgres)
  --config FILE        pg_sec_check config.json (default config.json)
  --format F           Full (Html+Json, default), Html, Json, Sarif, Junit, or a comma list
  --output PREFIX      output prefix (default output): PREFIX.json, PREFIX_web/index.html, ...
  --locale CODE        message language (default en)
  --groups a,b         only these sections of the config
  --fail-on STATUS     exit 1 when a result at/above it exists: Error (default), Failed, Warning, Info, never
  --store              also record the run in the server's sec_check tables (host agent)
  --statement-timeout MS  per-statement limit for executors (default 60000)
  --debug              log queries and timings to stderr
  --all-databases      audit every database that allows connections (template1 included), one
                       report per database: PREFIX.DB.json, PREFIX.DB_web/, ... (exit code: the worst)
  --threads, --pgclients, --unsecure   accepted for pg_sec_check compatibility; no effect`;

export async function runCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    ...CONNECTION_OPTIONS,
    config: { type: 'string' },
    format: { type: 'string', short: 'f' },
    output: { type: 'string' },
    // pg_sec_check flags accepted for drop-in use: checks run one at a time on one
    // connection (threads/pgclients), and there are no bundled checksums (unsecure).
    threads: { type: 'string' },
    pgclients: { type: 'string' },
    unsecure: { type: 'boolean' },
    locale: { type: 'string' },
    groups: { type: 'string' },
    'fail-on': { type: 'string' },
    'statement-timeout': { type: 'string' },
    store: { type: 'boolean' },
    debug: { type: 'boolean' },
    'all-databases': { type: 'boolean' },
  });
  if (values.help) { console.log(RUN_HELP); return 0; }
  const formats = asUsage(() => parseFormat(String(values.format ?? 'Full')));
  const failOn = asUsage(() => parseFailOn(String(values['fail-on'] ?? 'Error')));
  const connection = connectionConfig(values as Record<string, string>);
  const groups = splitList(values.groups as string | undefined);
  const locale = String(values.locale ?? 'en');
  const timeout = Number(values['statement-timeout'] ?? 60_000);
  if (!Number.isFinite(timeout) || timeout < 0) throw new UsageError(`--statement-timeout: not a number of milliseconds: ${values['statement-timeout']}`);
  const debug = values.debug ? (m: string) => process.stderr.write(`[debug] ${m}\n`) : undefined;

  // The pack is read and checked before connecting: a bad pack never touches the server.
  const pack = loadPackFromConfig(String(values.config ?? 'config.json'));
  const compiled = compilePack(pack);
  selectSections(compiled, groups);

  const output = String(values.output ?? 'output');
  // Database-scoped checks see only the database they run in: --all-databases repeats the
  // audit in each one (the report's run.server.database says which).
  let databases: string[] | null = null;
  if (values['all-databases']) {
    const first = await openAuditConnection(connection, timeout);
    try {
      const res = await first.query('SELECT datname FROM pg_catalog.pg_database WHERE datallowconn ORDER BY datname');
      databases = res.rows.map((r: { datname: string }) => r.datname);
    } finally { await first.end().catch(() => undefined); }
  }
  let code = 0;
  for (const database of databases ?? [null]) {
    const config = database === null ? connection : { ...connection, database };
    const prefix = database === null ? output : `${output}.${database.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
    code = Math.max(code, await auditOne(config, prefix));
  }
  return code;

  async function auditOne(config: typeof connection, prefix: string): Promise<number> {
    const client = await openAuditConnection(config, timeout);
    const progress = startProgress();
    try {
      const report = await auditWithNode(client, pack, {
        groups,
        locale,
        connection: { host: config.host, port: config.port, user: config.user },
        debug,
        compiled,
      });
      progress.stop();
      if (values.store) report.run.id = await storeReport(client, report);
      const written = await writeReports(report, { format: formats, output: prefix, locale });
      if (databases) console.log(`database ${report.run.server.database}:`);
      console.log(consoleSummary(report));
      for (const path of written) console.log(`wrote ${path}`);
      return exitCodeFor(report, failOn);
    } finally {
      progress.stop();
      await client.end().catch(() => undefined);
    }
  }
}
