// `sec-check fix [--run current|latest|ID | --report FILE] [--output FILE [--force]]`: writes
// the SQL script a human reviews and applies for the failing checks that have a safe fix, by
// default of the database's current state (every check's latest verdict). The session is
// read-only: fix queries are SELECTs returning statements; nothing is executed.
import { existsSync } from 'node:fs';
import { asUsage, CONNECTION_HELP, CONNECTION_OPTIONS, connectionConfig, nonEmpty } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { ConnectionError, describeServerError, openConnection } from '../../session/connect.ts';
import { checkWritableFile, isStdout, writeFilesAtomically } from '../output.ts';
import { INPUT_CAPS, readInputJson } from '../../session/input-file.ts';
import { describeRun, parseRunArg, storedReport } from '../../session/stored-run.ts';
import { readReport, ReportShapeError } from '../../render/read-report.ts';
import { FixCatalogError, loadFixCatalog } from '../../fix/catalog.ts';
import { type CheckResult, type Report } from '../../core/report.ts';
import { currentStateTrust, type EvidenceTrust, planFixes, REPORT_FILE_TRUST, storedRunTrust } from '../../fix/plan.ts';
import { renderFixScript } from '../../fix/script.ts';
import { objectAuditBlocker } from '../../fix/preconditions.ts';
import { IntegrityError } from '../../session/integrity.ts';
import { TOOL_VERSION } from '../../runtime/tool-info.ts';

export const fixCommand: Command = {
  name: 'fix',
  help: `sec-check fix [--run current|latest|ID | --report FILE] [--output FILE] [--force] [connection options]
  Writes a SQL script (for a human to review and apply) that fixes the failing checks that
  have a safe fix, of the database's current state (default: every check's latest verdict,
  each from the run that produced it), of one stored run (--run ID; latest: the newest,
  whatever it covered) or of a JSON report (--report): transactional statements, then
  ALTER SYSTEM lines with pg_reload_conf() and the settings that need a restart, then the
  manual items as comments. The statements are computed from the live catalog of the
  connected database on a read-only session; nothing is executed. --output defaults to
  stdout (or --output -); an existing file is kept unless --force.
${CONNECTION_HELP}`,
  options: {
    ...CONNECTION_OPTIONS,
    run: { type: 'string' },
    report: { type: 'string' },
    output: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(values) {
    if (values.run !== undefined && values.report !== undefined) throw new UsageError('give at most one of --run current|latest|ID or --report FILE');
    const run = asUsage(() => parseRunArg(values.run === undefined ? undefined : String(values.run)));
    const reportFile = nonEmpty(values.report, '--report');
    const output = nonEmpty(values.output, '--output');
    if (output !== undefined) {
      checkWritableFile(output, '--output');
      if (!isStdout(output) && existsSync(output) && values.force !== true) throw new UsageError(`--output: ${output} already exists (give --force to replace it)`);
    }
    let fromFile: Report | undefined;
    if (reportFile !== undefined) {
      const doc = readInputJson(reportFile, INPUT_CAPS.document, `--report ${reportFile}`);
      try {
        fromFile = readReport(doc, reportFile);
      } catch (e) {
        if (!(e instanceof ReportShapeError)) throw e;
        throw new UsageError(`--report: ${e.message}`);
      }
    }
    let fixes;
    try {
      fixes = loadFixCatalog();
    } catch (e) {
      if (e instanceof FixCatalogError || e instanceof IntegrityError) { process.stderr.write(`sec-check fix: ${e.message}\n`); return 2; }
      throw e;
    }
    const config = connectionConfig(values);
    const client = await openConnection(config, { readOnly: true, statementTimeoutMs: 60_000 });
    let script: string;
    try {
      let report: Report;
      let source: string;
      let evidence: EvidenceTrust;
      let evidenceOf: ((r: CheckResult) => EvidenceTrust) | undefined;
      if (fromFile) {
        report = fromFile;
        source = `report file ${reportFile}`;
        evidence = REPORT_FILE_TRUST;
      } else {
        let found;
        try {
          found = await storedReport(client, run, ' (run sec_check.run() or sec-check run --store first)');
        } catch (e) {
          throw new ConnectionError(`cannot read ${describeRun(run)}: ${describeServerError(e)}`);
        }
        if ('missing' in found) { process.stderr.write(`sec-check fix: ${found.missing}\n`); return 2; }
        for (const note of found.notes) process.stderr.write(`sec-check fix: note: ${note}\n`);
        try {
          report = readReport(found.doc, found.label);
        } catch (e) {
          if (!(e instanceof ReportShapeError)) throw e;
          process.stderr.write(`sec-check fix: ${e.message}\n`);
          return 2;
        }
        source = found.label;
        // provenance from the columns the server set (sec_check.runs), never from the
        // document: one run, or in a current-state report the run of each result
        const ids = found.runId !== undefined ? [found.runId]
          : [...new Set(report.results.map((r) => r.run_id).filter((id) => id != null).map(String))];
        const rows = (await client.query<{ id: string; origin: string; pack_name: string | null }>(
          'SELECT id::text AS id, origin, pack_name FROM sec_check.runs WHERE id = ANY($1::bigint[])', [ids])).rows;
        const runs = ids.map((id) => {
          const row = rows.find((x) => x.id === id);
          return { id, origin: row?.origin ?? null, pack_name: row?.pack_name ?? null };
        });
        if (found.runId !== undefined) {
          evidence = storedRunTrust(runs[0].id, runs[0].origin, runs[0].pack_name);
        } else {
          const trust = currentStateTrust(runs);
          evidence = trust.summary;
          evidenceOf = trust.of;
        }
      }
      const contexts = new Map<string, string>();
      for (const row of (await client.query<{ name: string; context: string }>('SELECT lower(name) AS name, context FROM pg_catalog.pg_settings')).rows) contexts.set(row.name, row.context);
      const live = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
      const query = async (sql: string) => (await client.query(sql)).rows;
      const plan = await planFixes(report, fixes.catalog.checks, fixes.queries, {
        contexts,
        query,
        evidence,
        evidenceOf,
        objectAuditBlocked: await objectAuditBlocker(query),
      });
      script = renderFixScript(plan, { report, source, liveDatabase: live, generatedAt: new Date().toISOString(), toolVersion: TOOL_VERSION });
      if (report.run.server.database !== live) process.stderr.write(`sec-check fix: warning: the report audited database ${report.run.server.database}, the statements were computed in ${live}\n`);
      if (plan.withheldEvidence) process.stderr.write(`sec-check fix: warning: ${plan.withheldEvidence} fix statement(s) from the evidence not used: ${plan.evidence.why}\n`);
      process.stderr.write(`sec-check fix: ${plan.failing} failing check(s): ${plan.statements.length} statement(s), ${plan.manual.length} manual item(s), ${plan.undefinedFixes.length} without a fix\n`);
    } finally {
      await client.end().catch(() => undefined);
    }
    if (output === undefined || isStdout(output)) {
      process.stdout.write(script);
    } else {
      await writeFilesAtomically([{ path: output, text: script }], '--output');
      process.stdout.write(`${output}\n`);
    }
    return 0;
  },
};
