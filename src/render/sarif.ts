// SARIF 2.1.0 renderer (validated in tests against the official schema).
//
// Mapping
//  rules   one per check (id = check_id, or "<section>/<name>" for foreign packs without
//          ids); name, description texts, help = recommendation (plain text);
//          defaultConfiguration.level from the check's severity:
//            critical, high -> error; medium (and unknown/null) -> warning; low, info -> note;
//          properties: severity, cis, section, tags, and "security-severity" (the CVSS-like
//          number code-scanning UIs sort by: critical 9.5, high 8.0, medium 5.5, low 3.0,
//          info 0.0).
//  results one per check whose status is not Success (a pass has nothing to report):
//            Error   -> kind "fail",           level "error"
//            Warning -> kind "fail",           level "warning"
//            Info    -> kind "informational",  level "none"
//            Failed  -> kind "review",         level "none"  (not evaluated: a person must look)
//            Skipped -> kind "notApplicable",  level "none"  (version gate, host agent, deadline)
//          SARIF 3.27.9 requires level "none" whenever kind is not "fail", which is why
//          Info/Failed/Skipped are carried by `kind` (and properties.status) rather than by
//          level "note". The location is logical: the database the check ran against.
//          A waived finding (result.waiver, sec_check.waive) keeps its kind and level and
//          carries a suppression: kind "external" (decided outside the audited code: in the
//          database), status "accepted", justification = the waiver's reason and expiry;
//          code-scanning UIs then list it as dismissed rather than open.
//  run     invocation times, and properties with the server and run facts.
import type { CheckResult, Report, Status } from '../core/report.ts';
import { plainText } from './rich-text.ts';
import { serverAddress, summaryText } from './shared.ts';

type Level = 'error' | 'warning' | 'note' | 'none';
type Kind = 'fail' | 'informational' | 'review' | 'notApplicable';

export const SEVERITY_LEVEL: Record<string, Level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

export const SECURITY_SEVERITY: Record<string, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

export const STATUS_RESULT: Record<Exclude<Status, 'Success'>, { kind: Kind; level: Level }> = {
  Error: { kind: 'fail', level: 'error' },
  Warning: { kind: 'fail', level: 'warning' },
  Info: { kind: 'informational', level: 'none' },
  Failed: { kind: 'review', level: 'none' },
  Skipped: { kind: 'notApplicable', level: 'none' },
};

/** The SARIF rule id of a check. */
export function ruleIdOf(r: CheckResult): string {
  return r.check_id ?? `${r.section}/${r.name}`;
}

function ruleFor(r: CheckResult): Record<string, unknown> {
  const sev = r.severity || null;
  const full = plainText(r.full_description);
  const help = plainText(r.recommendation);
  const tags = ['security', 'postgresql', r.section];
  if (r.cis) tags.push(`CIS ${r.cis}`);
  const properties: Record<string, unknown> = { section: r.section, severity: sev, cis: r.cis, tags };
  if (sev && sev in SECURITY_SEVERITY) properties['security-severity'] = SECURITY_SEVERITY[sev];
  return {
    id: ruleIdOf(r),
    name: r.name || ruleIdOf(r),
    shortDescription: { text: r.description || r.name || ruleIdOf(r) },
    ...(full ? { fullDescription: { text: full } } : {}),
    ...(help ? { help: { text: help } } : {}),
    defaultConfiguration: { level: (sev && SEVERITY_LEVEL[sev]) || 'warning' },
    properties,
  };
}

function messageFor(r: CheckResult): string {
  const parts = [`${r.status}: ${summaryText(r) || r.name}`];
  if (r.status === 'Skipped' && r.skip_reason) parts.push(`Skip reason: ${r.skip_reason}.`);
  const errors = r.executors.filter((e) => e.error).map((e) => `${e.script}: ${e.error}`);
  if (errors.length) parts.push(`Executor errors: ${errors.join('; ')}`);
  return parts.join('\n');
}

/** Renders the report as a SARIF 2.1.0 log (pretty JSON string). */
export function renderSarif(report: Report): string {
  const results = report.results;
  const server = report.run.server;
  const where = serverAddress(report);
  const rules: Record<string, unknown>[] = [];
  const ruleIndex = new Map<string, number>();
  const sarifResults: Record<string, unknown>[] = [];

  for (const r of results) {
    const id = ruleIdOf(r);
    if (!ruleIndex.has(id)) {
      ruleIndex.set(id, rules.length);
      rules.push(ruleFor(r));
    }
    if (r.status === 'Success') continue;
    const { kind, level } = STATUS_RESULT[r.status as Exclude<Status, 'Success'>];
    sarifResults.push({
      ruleId: id,
      ruleIndex: ruleIndex.get(id),
      kind,
      level,
      message: { text: messageFor(r) },
      locations: [
        {
          logicalLocations: [{ name: server.database || 'database', fullyQualifiedName: `${where}#${id}` }],
        },
      ],
      // Stable across runs against the same server, so SARIF viewers can track a finding.
      partialFingerprints: { 'secCheckFinding/v1': `${where}#${id}` },
      ...(r.waiver
        ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `${r.waiver.reason} (waived until ${r.waiver.expires_at})` }] }
        : {}),
      properties: {
        status: r.status,
        skip_reason: r.skip_reason,
        section: r.section,
        severity: r.severity,
        cis: r.cis,
        ...(r.priority !== undefined ? { priority: r.priority } : {}),
        ...(r.waiver ? { waiver: r.waiver } : {}),
      },
    });
  }

  const run = report.run;
  const invocation = { executionSuccessful: true, startTimeUtc: run.started_at, endTimeUtc: run.finished_at };

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            rules,
          },
        },
        invocations: [invocation],
        results: sarifResults,
        properties: {
          report: report.report,
          run: {
            id: run.id,
            origin: run.origin,
            runtime: run.runtime,
            locale: run.locale,
            groups: run.groups,
            run_by: run.run_by,
            duration_ms: run.duration_ms,
          },
          server: run.server,
          summary: report.summary,
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
