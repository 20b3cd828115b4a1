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
//  run     invocation times, and properties with the server and run facts.
import type { CheckResult, Report, Status } from '../core/report.ts';
import { plainText } from './rich-text.ts';

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

const str = (v: unknown): string => (v == null ? '' : String(v));

/** The SARIF rule id of a check. */
export function ruleIdOf(r: CheckResult): string {
  return r.check_id ? String(r.check_id) : `${str(r.section)}/${str(r.name)}`;
}

function ruleFor(r: CheckResult): Record<string, unknown> {
  const sev = r.severity ? String(r.severity) : null;
  const full = plainText(r.full_description);
  const help = plainText(r.recommendation);
  const tags = ['security', 'postgresql', str(r.section)];
  if (r.cis) tags.push(`CIS ${r.cis}`);
  const properties: Record<string, unknown> = { section: str(r.section), severity: sev, cis: r.cis ?? null, tags };
  if (sev && sev in SECURITY_SEVERITY) properties['security-severity'] = SECURITY_SEVERITY[sev];
  return {
    id: ruleIdOf(r),
    name: str(r.name) || ruleIdOf(r),
    shortDescription: { text: str(r.description) || str(r.name) || ruleIdOf(r) },
    ...(full ? { fullDescription: { text: full } } : {}),
    ...(help ? { help: { text: help } } : {}),
    defaultConfiguration: { level: (sev && SEVERITY_LEVEL[sev]) || 'warning' },
    properties,
  };
}

function messageFor(r: CheckResult): string {
  const parts = [`${r.status}: ${plainText(r.short_description) || str(r.description) || str(r.name)}`];
  if (r.status === 'Skipped' && r.skip_reason) parts.push(`Skip reason: ${r.skip_reason}.`);
  const errors = (Array.isArray(r.executors) ? r.executors : []).filter((e) => e && e.error).map((e) => `${e.script}: ${e.error}`);
  if (errors.length) parts.push(`Executor errors: ${errors.join('; ')}`);
  return parts.join('\n');
}

/** Renders the report as a SARIF 2.1.0 log (pretty JSON string). */
export function renderSarif(report: Report): string {
  const results = Array.isArray(report.results) ? report.results : [];
  const server = report.run?.server ?? ({} as Report['run']['server']);
  const where = `${str(server.host)}${server.port != null ? `:${server.port}` : ''}/${str(server.database)}`;
  const rules: Record<string, unknown>[] = [];
  const ruleIndex = new Map<string, number>();
  const sarifResults: Record<string, unknown>[] = [];

  for (const r of results) {
    const id = ruleIdOf(r);
    if (!ruleIndex.has(id)) {
      ruleIndex.set(id, rules.length);
      rules.push(ruleFor(r));
    }
    if (r.status === 'Success' || !(r.status in STATUS_RESULT)) continue;
    const { kind, level } = STATUS_RESULT[r.status as Exclude<Status, 'Success'>];
    sarifResults.push({
      ruleId: id,
      ruleIndex: ruleIndex.get(id),
      kind,
      level,
      message: { text: messageFor(r) },
      locations: [
        {
          logicalLocations: [{ name: str(server.database) || 'database', fullyQualifiedName: `${where}#${id}` }],
        },
      ],
      // Stable across runs against the same server, so SARIF viewers can track a finding.
      partialFingerprints: { 'secCheckFinding/v1': `${where}#${id}` },
      properties: {
        status: r.status,
        skip_reason: r.skip_reason ?? null,
        section: str(r.section),
        severity: r.severity ?? null,
        cis: r.cis ?? null,
      },
    });
  }

  const run = report.run ?? ({} as Report['run']);
  const invocation: Record<string, unknown> = { executionSuccessful: true };
  if (run.started_at) invocation.startTimeUtc = run.started_at;
  if (run.finished_at) invocation.endTimeUtc = run.finished_at;

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: str(report.tool?.name) || 'sec_check',
            ...(report.tool?.version ? { version: String(report.tool.version) } : {}),
            rules,
          },
        },
        invocations: [invocation],
        results: sarifResults,
        properties: {
          report: report.report ?? null,
          run: {
            id: run.id ?? null,
            origin: run.origin ?? null,
            runtime: run.runtime ?? null,
            locale: run.locale ?? null,
            groups: run.groups ?? null,
            run_by: run.run_by ?? null,
            duration_ms: run.duration_ms ?? null,
          },
          server: run.server ?? null,
          summary: report.summary ?? null,
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
