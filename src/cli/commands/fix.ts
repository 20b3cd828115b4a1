// `sec-check fix --run ID|latest | --report FILE [--output FILE [--force]]`: writes the SQL
// script a human reviews and applies for the failing checks that have a safe fix. The
// session is read-only: fix queries are SELECTs returning statements; nothing is executed.
import { existsSync, readFileSync } from 'node:fs';
import { asUsage, CONNECTION_OPTIONS, connectionConfig, nonEmpty } from '../args.ts';
import { UsageError } from '../../session/errors.ts';
import type { Command } from '../command.ts';
import { ConnectionError, describeServerError, openConnection } from '../../session/connect.ts';
import { checkWritableFile, writeFilesAtomically } from '../output.ts';
import { parseRunArg, storedReport } from '../../session/stored-run.ts';
import { readReport, ReportShapeError } from '../../render/read-report.ts';
import type { Report } from '../../core/report.ts';
import { FixCatalogError, loadFixCatalog } from '../../fix/catalog.ts';
import { type EvidenceTrust, planFixes, REPORT_FILE_TRUST, storedRunTrust } from '../../fix/plan.ts';
import { renderFixScript } from '../../fix/script.ts';
import { objectAuditBlocker } from '../../fix/preconditions.ts';
import { IntegrityError } from '../../runtime/integrity.ts';
import { TOOL_VERSION } from '../../runtime/tool-info.ts';

export const fixCommand: Command = {
  name: 'fix',
  help: `sec-check fix --run ID|latest | --report FILE [--output FILE] [--force] [connection options]
  Writes a SQL script (for a human to review and apply) that fixes the failing checks of a
  stored run (or of a JSON report) that have a safe fix: transactional statements, then
  ALTER SYSTEM lines with pg_reload_conf() and the settings that need a restart, then the
  manual items as comments. The statements are computed from the live catalog of the
  connected database on a read-only session; nothing is executed. --output defaults to
  stdout; an existing file is kept unless --force.`,
  options: {
    ...CONNECTION_OPTIONS,
    run: { type: 'string' },
    report: { type: 'string' },
    output: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(values) {
    if ((values.run === undefined) === (values.report === undefined)) throw new UsageError('give exactly one of --run ID|latest or --report FILE');
    const run = values.run === undefined ? undefined : asUsage(() => parseRunArg(String(values.run)));
    const reportFile = nonEmpty(values.report, '--report');
    const output = nonEmpty(values.output, '--output');
    if (output !== undefined) {
      checkWritableFile(output, '--output');
      if (existsSync(output) && values.force !== true) throw new UsageError(`--output: ${output} already exists (give --force to replace it)`);
    }
    let fromFile: Report | undefined;
    if (reportFile !== undefined) {
      let doc: unknown;
      try {
        doc = JSON.parse(readFileSync(reportFile, 'utf8'));
      } catch (e) {
        throw new UsageError(`--report: cannot read ${reportFile}: ${(e as Error).message.split('\n')[0]}`);
      }
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
    const config = connectionConfig(values as Record<string, string>);
    const client = await openConnection(config, { readOnly: true, statementTimeoutMs: 60_000 });
    let script: string;
    try {
      let report: Report;
      let source: string;
      let evidence: EvidenceTrust;
      if (fromFile) {
        report = fromFile;
        source = `report file ${reportFile}`;
        evidence = REPORT_FILE_TRUST;
      } else {
        let found;
        try {
          found = await storedReport(client, run!, ' (run sec_check.run() or sec-check run --store first)');
        } catch (e) {
          throw new ConnectionError(`cannot read run ${run}: ${describeServerError(e)}`);
        }
        if ('missing' in found) { process.stderr.write(`sec-check fix: ${found.missing}\n`); return 2; }
        try {
          report = readReport(found.doc, `sec_check.report_json(${found.id})`);
        } catch (e) {
          if (!(e instanceof ReportShapeError)) throw e;
          process.stderr.write(`sec-check fix: ${e.message}\n`);
          return 2;
        }
        source = `stored run ${found.id}`;
        // provenance from the columns the server set, never from the document
        const p = await client.query<{ origin: string; pack_name: string | null }>('SELECT origin, pack_name FROM sec_check.runs WHERE id = $1::bigint', [found.id]);
        evidence = storedRunTrust(found.id, p.rows[0]?.origin ?? null, p.rows[0]?.pack_name ?? null);
      }
      const contexts = new Map<string, string>();
      for (const row of (await client.query<{ name: string; context: string }>('SELECT lower(name) AS name, context FROM pg_catalog.pg_settings')).rows) contexts.set(row.name, row.context);
      const live = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
      const query = async (sql: string) => (await client.query(sql)).rows;
      const plan = await planFixes(report, fixes.catalog.checks, fixes.queries, {
        contexts,
        query,
        evidence,
        objectAuditBlocked: await objectAuditBlocker(query),
      });
      script = renderFixScript(plan, { report, source, liveDatabase: live, generatedAt: new Date().toISOString(), toolVersion: TOOL_VERSION });
      if (report.run.server.database !== live) process.stderr.write(`sec-check fix: warning: the report audited database ${report.run.server.database}, the statements were computed in ${live}\n`);
      if (plan.withheldEvidence) process.stderr.write(`sec-check fix: warning: ${plan.withheldEvidence} fix statement(s) from the evidence not used: ${plan.evidence.why}\n`);
      process.stderr.write(`sec-check fix: ${plan.failing} failing check(s): ${plan.statements.length} statement(s), ${plan.manual.length} manual item(s), ${plan.undefinedFixes.length} without a fix\n`);
    } finally {
      await client.end().catch(() => undefined);
    }
    if (output === undefined) {
      process.stdout.write(script);
    } else {
      await writeFilesAtomically([{ path: output, text: script }], '--output');
      process.stdout.write(`${output}\n`);
    }
    return 0;
  },
};
