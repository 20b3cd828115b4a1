// `sec-check run`: audit a server from outside (any PostgreSQL 13+, no JS language needed),
// write the reports, optionally store the run in the server's sec_check tables.
import { isOneOf, PROFILES, type Profile } from '../../core/vocabulary.ts';
import { loadPackSource } from '../../session/pack-source.ts';
import { compilePack, selectSections } from '../../core/pack.ts';
import { asUsage, CONNECTION_HELP, CONNECTION_OPTIONS, connectionConfig, nonEmpty, parseLocale, splitList } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { openConnection } from '../../session/connect.ts';
import { auditServer, connectServer } from '../../session/audit-server.ts';
import { checkOutputTarget, FORMAT_HELP, isStdout, messageStream, OutputError, parseFormat, writeReports } from '../output.ts';
import { defaultFailUnverified, exitCodeFor, parseFailOn, parseFailUnverified, renderSummary, unverifiedAtOrAbove } from '../../render/summary.ts';
import { REPORT_FORMATS } from '../../render/formats.ts';
import { startProgress } from '../progress.ts';
import { availableParallelism } from 'node:os';
import { waivedLines } from '../../session/waivers.ts';
import { channelOptionHelp, loadChannelOption, spoolDirOption } from '../findings-channel-options.ts';
import { deliverReport, guardDetectionLoop, guardedPoint, type AuditedPoint } from '../../findings-channel/session.ts';
import { deliverySummary, EXIT_PENDING } from '../../findings-channel/deliver.ts';
import { readIdentity } from '../../findings-channel/identity.ts';
import { resolveFrameworks } from '../../compliance/frameworks.ts';
import { fetchActiveAttestations } from '../../compliance/attestations.ts';
import { complianceLines, complianceSections } from '../../compliance/sections.ts';
import { loadPrivateKey } from '../../signing/keys.ts';
import { signReport } from '../../signing/report-signature.ts';

export const runCommand: Command = {
  name: 'run',
  help: `sec-check run [options]
  --config FILE        pg_sec_check config.json of a pack (default: the built-in catalog,
                       verified against checksums compiled into sec-check)
  --unsecure           run even when the catalog's (or the pack manifest's) checksums do not
                       match: loud warning, report marked integrity: unverified
  --format F           ${FORMAT_HELP}
  --output PREFIX      output prefix (default output): ${REPORT_FORMATS.map((f) => f.file('PREFIX')).join(', ')};
                       - (or /dev/stdout): the report on stdout (one format, Json by default), the
                       summary on stderr
  --locale CODE        message language (default en)
  --groups a,b         only these sections of the config
  --profile P          auto (default: managed when RDS, Cloud SQL or Azure is detected), managed
                       (host checks are Skipped: not_applicable_managed, naming the provider's
                       control) or self-hosted (as before)
  --fail-on STATUS     exit 1 when a result at/above it exists: Error (default), Failed, Warning, Info, never
  --fail-on-unverified SEVERITY  exit 1 also when a check of this severity or above could not be
                       verified (Failed): critical, high (default; never with --fail-on never),
                       medium, low, info, never
  --store              post the host checks (shell executors) to the server's sec_check tables
                       (needs sec_check.grant_agent_access; SQL checks are recorded by sec_check.run())
  --allow-side-effects fn,fn  functions with effects outside the audit this pack's SQL may call
  --statement-timeout MS  per-statement limit for executors (default 60000)
  --debug              log queries and timings to stderr
  --all-databases      audit every database that allows connections (template1 included), one
                       report per database: PREFIX.DB.json, PREFIX.DB_web/, ... (exit code: the worst)
  --threads N          checks evaluated at once (default: the number of CPUs); results, report
                       order and exit code are those of a serial run
  --pgclients M        read-only connections they share (default 10, never more than --threads);
                       each has the same session settings and statement_timeout
  --framework a,b      add a compliance section per framework: an id the pack maps (built-in:
                       cis-pg17, stig-pg16) or a framework.json file; attestations and waivers
                       recorded in the server apply
  --sign KEY           sign the JSON report with this Ed25519 private key (PEM, owner-only file);
                       check it with sec-check verify
${channelOptionHelp}
${CONNECTION_HELP}`,
  options: {
    ...CONNECTION_OPTIONS,
    config: { type: 'string' },
    format: { type: 'string', short: 'f' },
    output: { type: 'string' },
    threads: { type: 'string' },
    pgclients: { type: 'string' },
    unsecure: { type: 'boolean' },
    locale: { type: 'string' },
    groups: { type: 'string' },
    profile: { type: 'string' },
    'fail-on': { type: 'string' },
    'fail-on-unverified': { type: 'string' },
    'statement-timeout': { type: 'string' },
    store: { type: 'boolean' },
    'allow-side-effects': { type: 'string' },
    debug: { type: 'boolean' },
    'all-databases': { type: 'boolean' },
    channel: { type: 'string' },
    'spool-dir': { type: 'string' },
    framework: { type: 'string' },
    sign: { type: 'string' },
  },
  async run(values) {
    // `--output -` writes the report to stdout (Json unless --format names another one)
    const toStdout = isStdout(values.output as string | undefined);
    const formats = asUsage(() => parseFormat(String(values.format ?? (toStdout ? 'Json' : 'Full'))));
    const say = messageStream(toStdout);
    if (toStdout && values['all-databases']) throw new UsageError(`--output ${values.output} and --all-databases: one report per database cannot all go to standard output; give a file prefix`);
    const failOn = asUsage(() => parseFailOn(String(values['fail-on'] ?? 'Error')));
    const failUnverified = values['fail-on-unverified'] === undefined ? defaultFailUnverified(failOn)
      : asUsage(() => parseFailUnverified(String(values['fail-on-unverified'])));
    const connection = connectionConfig(values);
    const groups = splitList(values.groups as string | undefined);
    const locale = parseLocale(values.locale as string | undefined);
    const profileText = values.profile as string | undefined;
    if (profileText !== undefined && !isOneOf(PROFILES, profileText)) {
      throw new UsageError(`--profile: expected one of ${PROFILES.join(', ')}, found ${JSON.stringify(profileText)}`);
    }
    const profile: Profile | undefined = profileText;
    const output = nonEmpty(values.output, '--output') ?? 'output';
    // Where the report goes is checked before the audit: a bad --output never costs a run.
    checkOutputTarget(output, formats);
    const timeout = Number(values['statement-timeout'] ?? 60_000);
    if (!Number.isFinite(timeout) || timeout < 0) throw new UsageError(`--statement-timeout: not a number of milliseconds: ${values['statement-timeout']}`);
    const threads = positiveInt(values.threads, '--threads') ?? Math.max(1, availableParallelism());
    const pgclients = positiveInt(values.pgclients, '--pgclients') ?? 10;
    const debug = values.debug ? (m: string) => process.stderr.write(`[debug] ${m}\n`) : undefined;
    // The channel file is read and checked before connecting, like the pack.
    const channel = loadChannelOption(values.channel);
    const spoolDir = spoolDirOption(values['spool-dir'], channel);

    // The pack is read and checked before connecting: a bad pack never touches the server.
    const source = loadPackSource(nonEmpty(values.config, '--config'), Boolean(values.unsecure), (line) => process.stderr.write(`${line}\n`));
    const pack = { ...source.pack, allowSideEffects: splitList(values['allow-side-effects'] as string | undefined) ?? [] };
    const compiled = compilePack(pack);
    selectSections(compiled, groups);
    // Frameworks and the signing key are checked before connecting too: bad input writes nothing.
    const frameworks = resolveFrameworks(splitList(values.framework as string | undefined, '--framework') ?? [], compiled);
    const signPath = nonEmpty(values.sign, '--sign');
    if (signPath !== undefined && !formats.includes('Json')) throw new UsageError('--sign signs the JSON report: use --format Json or Full');
    const signingKey = signPath === undefined ? undefined : loadPrivateKey(signPath);

    // Database-scoped checks see only the database they run in: --all-databases repeats the
    // audit in each one (the report's run.server.database says which).
    let databases: string[] | null = null;
    if (values['all-databases']) {
      const first = await openConnection(connection, { readOnly: true, statementTimeoutMs: timeout });
      try {
        const res = await first.query('SELECT datname FROM pg_catalog.pg_database WHERE datallowconn ORDER BY datname');
        databases = res.rows.map((r: { datname: string }) => r.datname);
        // a channel into one of these databases is refused before any of them is audited
        if (channel) {
          const identity = await readIdentity(first);
          for (const database of databases) {
            await guardDetectionLoop(channel, { identity: { ...identity, database }, lsn: '0', label: '' }, { ...connection, database });
          }
        }
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
      // never more connections than the checks can use at once
      const checkCount = compiled.sections.reduce((n, s) => n + s.items.length, 0);
      const connections = await connectServer(config, timeout, Math.min(pgclients, threads, checkCount));
      const progress = startProgress();
      let point = null as AuditedPoint | null;
      try {
        const { report, judged, waived, waivers, stored } = await auditServer(connections, {
          source: { pack, provenance: source.provenance },
          compiled,
          connection: { host: config.host, port: config.port, user: config.user },
          threads,
          groups,
          locale,
          profile,
          debug,
          // the audited database and its WAL position, read on the audit's own connection; a
          // channel that is this very database is refused before any check runs
          beforeAudit: channel ? async (client) => { point = await guardedPoint(channel, client, config); } : undefined,
          store: values.store ? 'required' : undefined,
          // waived findings (sec_check.waive on this server) keep their status but do not fail the run
          waivers: true,
        });
        progress.stop();
        let reportOut = report;
        if (frameworks.length) {
          const attestations = await fetchActiveAttestations(await connections.any());
          if (attestations.state === 'no_access') process.stderr.write('warning: cannot read sec_check.active_attestations (sec_check.grant_read_access); attestations are not applied\n');
          reportOut = { ...reportOut, compliance: complianceSections(report, frameworks, { waivers: waivers?.waivers ?? [], attestations: attestations.attestations }) };
        }
        if (signingKey) reportOut = signReport(reportOut, signingKey);
        if (stored?.state === 'stored') {
          say(`stored run ${stored.id}: ${stored.count} host check${stored.count === 1 ? '' : 's'} (SQL checks are recorded by sec_check.run() in the database)`);
        } else if (stored) {
          say('nothing stored: this run has no host checks (SQL checks are recorded by sec_check.run() in the database)');
        }
        let written: string[];
        try {
          written = await writeReports(reportOut, { format: formats, output: prefix, locale });
        } catch (e) {
          // The run is already in the database: say which one, so nobody stores it twice.
          if (report.run.id != null && e instanceof OutputError) throw new OutputError(`run ${report.run.id} was stored, but the report files were not written: ${e.message}`);
          throw e;
        }
        if (databases) say(`database ${report.run.server.database}:`);
        say(source.describe);
        say(renderSummary(judged).trimEnd());
        if (waived.length) {
          say(`waived (not counted in the exit code and score):`);
          for (const l of waivedLines(waived, report.run.server?.database ?? '', waivers!.waivers)) say(l);
        }
        if (waivers!.state === 'no_access') {
          process.stderr.write('warning: cannot read sec_check.active_waivers (sec_check.grant_read_access); waivers are not applied\n');
        }
        if (reportOut.compliance) for (const l of complianceLines(reportOut.compliance)) console.log(l);
        if (reportOut.signature) console.log(`signed: canonical JSON SHA-256 ${reportOut.signature.document_sha256}, key ${reportOut.signature.key_fingerprint}`);
        const unverified = unverifiedAtOrAbove(judged, failUnverified);
        if (unverified.length) {
          say(`could not verify ${unverified.length} check(s) of severity ${failUnverified} or above (exit 1 unless --fail-on-unverified never): ${unverified.map((r) => r.check_id ?? r.name).join(', ')}`);
        }
        for (const path of written) if (path !== '-') say(`wrote ${path}`);
        if (channel && point) {
          // waived findings stay out of the channel as they stay out of the exit code
          const delivery = await deliverReport(channel, judged, point, spoolDir!);
          if (delivery.error) process.stderr.write(`channel: ${delivery.error}\n`);
          say(deliverySummary(delivery));
          if (delivery.pending > 0) return EXIT_PENDING;
        }
        return exitCodeFor(judged, failOn, failUnverified);
      } finally {
        progress.stop();
        await connections.end();
      }
    }
  },
};

/** A whole number ≥ 1 given to an option, or undefined when the option is absent. */
function positiveInt(value: string | boolean | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`${option}: not a whole number of at least 1: ${JSON.stringify(value)}`);
  }
  return n;
}
