// `sec-check report [--run current|latest|<id>]`: renders the current state of the database
// (default: every check's latest verdict) or one stored run in any format. The database
// rebuilds the report document (sec_check.current_report_json / report_json), so a stored
// run renders exactly like a fresh one; the document is checked against the report schema
// once, here. Waivers in force mark their findings in every format; the HTML page also gets
// the history (each group's score over time, what changed since the previous comparable
// run) from the server's views.
import type pg from 'pg';
import { asUsage, CONNECTION_HELP, CONNECTION_OPTIONS, connectionConfig, nonEmpty, parseLocale } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { ConnectionError, describeServerError, openConnection } from '../../session/connect.ts';
import { checkOutputTarget, isStdout, parseFormat, writeReports } from '../output.ts';
import { readReport, ReportShapeError } from '../../render/read-report.ts';
import { loadPiiDocument } from '../../pii/document.ts';
import { describeRun, parseRunArg, storedReport } from '../../session/stored-run.ts';
import { fetchActiveWaivers, markWaived } from '../../session/waivers.ts';
import { readReportHistory } from '../../session/report-history.ts';
import type { ReportHistory } from '../../render/history.ts';
import type { Report } from '../../core/report.ts';
import { FINDING_STATUSES } from '../../core/vocabulary.ts';
import { parseSensitiveAccessDays, SENSITIVE_ACCESS_ROW_LIMIT, type SensitiveAccessSection } from '../../render/sensitive-access.ts';
import { compilePack } from '../../core/pack.ts';
import { splitList } from '../args.ts';
import { loadPackSource } from '../../session/pack-source.ts';
import { resolveFrameworks } from '../../compliance/frameworks.ts';
import { fetchActiveAttestations, type AttestationSource } from '../../compliance/attestations.ts';
import { complianceLines, complianceSections } from '../../compliance/sections.ts';
import { loadPrivateKey } from '../../signing/keys.ts';
import { signReport } from '../../signing/report-signature.ts';
import type { Waiver } from '../../session/waivers.ts';

/** The last `days` days of sec_check.sensitive_access (newest first, capped) and a per-role summary. */
async function sensitiveAccess(client: pg.Client, days: number): Promise<SensitiveAccessSection> {
  const window = `FROM sec_check.sensitive_access WHERE logged_at >= now() - make_interval(days => $1::int)`;
  const rows = await client.query(`SELECT to_char(logged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"') AS logged_at, user_name,
      client, class, command, object_name, sensitive_columns, labels, statement
    ${window} ORDER BY logged_at DESC, event_id DESC LIMIT ${SENSITIVE_ACCESS_ROW_LIMIT + 1}`, [days]);
  const summary = await client.query(`SELECT user_name, object_name, count(*) FILTER (WHERE class = 'READ')::int AS reads,
      count(*) FILTER (WHERE class = 'WRITE')::int AS writes, count(DISTINCT client)::int AS distinct_clients,
      to_char(max(logged_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"') AS last_at
    ${window} GROUP BY user_name, object_name ORDER BY max(logged_at) DESC, user_name, object_name LIMIT 200`, [days]);
  return { days, rows: rows.rows.slice(0, SENSITIVE_ACCESS_ROW_LIMIT), truncated: rows.rows.length > SENSITIVE_ACCESS_ROW_LIMIT, summary: summary.rows };
}

export const reportCommand: Command = {
  name: 'report',
  help: `sec-check report [--run current|latest|ID] [--format F] [--output PREFIX] [--locale CODE] [--sensitive-access-days N] [--pii FILE]
                [--framework a,b] [--sign KEY] [connection options]
    --run current (default) renders every check's latest verdict in this database, each from
      the run that produced it; ID one stored run; latest the newest stored run, whatever it covered.
    --pii FILE adds the PII section of a sec-check pii --json document to the HTML report.
    --framework a,b adds a compliance section per framework (built-in: cis-pg17, stig-pg16, or a
      framework.json file) over the report's results, with the server's attestations and waivers.
    --sign KEY signs the JSON report (the current state or an exported stored run) with an Ed25519 private key.
    --output - writes the one --format given to stdout.
${CONNECTION_HELP}`,
  options: {
    ...CONNECTION_OPTIONS,
    run: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    locale: { type: 'string' },
    'sensitive-access-days': { type: 'string' },
    pii: { type: 'string' },
    framework: { type: 'string' },
    sign: { type: 'string' },
  },
  async run(values) {
    const run = asUsage(() => parseRunArg(values.run === undefined ? undefined : String(values.run)));
    const output = nonEmpty(values.output, '--output') ?? 'output';
    const format = asUsage(() => parseFormat(String(values.format ?? (isStdout(output) ? 'Json' : 'Full'))));
    const locale = values.locale === undefined ? undefined : parseLocale(values.locale as string);
    const days = values['sensitive-access-days'] === undefined ? undefined
      : asUsage(() => parseSensitiveAccessDays(String(values['sensitive-access-days'])));
    if (days !== undefined && !format.includes('Html')) {
      throw new UsageError('--sensitive-access-days adds a section to the HTML report: use it with --format Html or Full');
    }
    checkOutputTarget(output, format);
    const piiPath = nonEmpty(values.pii, '--pii');
    const pii = piiPath ? loadPiiDocument(piiPath) : undefined;
    // frameworks come from the built-in catalog (verified like run's), or are framework files
    // checked against its checks; both, and the signing key, before connecting
    const frameworkList = splitList(values.framework as string | undefined, '--framework') ?? [];
    const frameworks = frameworkList.length
      ? resolveFrameworks(frameworkList, compilePack(loadPackSource(undefined, false, (l) => process.stderr.write(`${l}\n`)).pack, { compileLua: false }))
      : [];
    const signPath = nonEmpty(values.sign, '--sign');
    if (signPath !== undefined && !format.includes('Json')) throw new UsageError('--sign signs the JSON report: use --format Json or Full');
    const signingKey = signPath === undefined ? undefined : loadPrivateKey(signPath);
    const client = await openConnection(connectionConfig(values), { readOnly: true });
    let found;
    let access: SensitiveAccessSection | undefined;
    let report: Report | undefined;
    let history: ReportHistory | undefined;
    let attestations: AttestationSource = { state: 'none', attestations: [] };
    let waivers: Waiver[] = [];
    const notes: string[] = [];
    try {
      try {
        found = await storedReport(client, run);
      } catch (e) {
        throw new ConnectionError(`cannot read ${describeRun(run)}: ${describeServerError(e)}`);
      }
      if ('missing' in found) {
        process.stderr.write(`sec-check report: ${found.missing}\n`);
        return 2;
      }
      notes.push(...found.notes);
      try {
        report = readReport(found.doc, found.label);
      } catch (e) {
        if (!(e instanceof ReportShapeError)) throw e;
        process.stderr.write(`sec-check report: ${e.message}\n`);
        return 2;
      }
      try {
        const active = await fetchActiveWaivers(client);
        waivers = active.waivers;
        report = markWaived(report, waivers);
        if (active.state === 'no_access' && report.results.some((r) => FINDING_STATUSES.has(r.status))) {
          notes.push('waived findings are not marked: this role cannot read sec_check.active_waivers (sec_check.grant_read_access)');
        }
      } catch (e) {
        throw new ConnectionError(`cannot read sec_check.active_waivers: ${describeServerError(e)}`);
      }
      if (format.includes('Html')) {
        try {
          history = await readReportHistory(client, report, found.runId);
        } catch (e) {
          throw new ConnectionError(`cannot read the history of ${describeRun(run)}: ${describeServerError(e)}`);
        }
        if (history.unavailable === 'no_access') {
          notes.push('the HTML report has no history (score over time, changes): this role cannot read sec_check.score_history, run_summary and state_changes (sec_check.grant_read_access)');
        }
      }
      if (days !== undefined) {
        try {
          access = await sensitiveAccess(client, days);
        } catch (e) {
          throw new ConnectionError(`cannot read sec_check.sensitive_access: ${describeServerError(e)}`);
        }
      }
      if (frameworks.length) attestations = await fetchActiveAttestations(client);
    } finally {
      await client.end();
    }
    for (const note of notes) process.stderr.write(`sec-check report: note: ${note}\n`);
    if (frameworks.length) {
      if (attestations.state === 'no_access') process.stderr.write('warning: cannot read sec_check.active_attestations (sec_check.grant_read_access); attestations are not applied\n');
      report = { ...report, compliance: complianceSections(report, frameworks, { waivers, attestations: attestations.attestations }) };
    }
    if (signingKey) report = signReport(report, signingKey);
    const paths = await writeReports(report, { format, output, locale, sensitiveAccess: access, pii, history });
    if (report.compliance) for (const l of complianceLines(report.compliance)) process.stderr.write(`${l}\n`);
    for (const p of paths) if (p !== '-') process.stdout.write(`${p}\n`);
    return 0;
  },
};
