// The fleet report document (fleet.json, rendered as fleet.html by src/render/fleet.ts): per
// server its status (audited, unreachable, timeout, refused, error), score and worst findings;
// per finding the servers that have it.
import type { CheckResult } from '../core/report.ts';
import type { FleetFinding, FleetReport } from '../render/fleet.ts';
import { scores } from '../render/score.ts';
import { TOOL_VERSION, BUILD_ID } from '../runtime/tool-info.ts';
import { FINDING_STATUSES } from '../core/vocabulary.ts';
import type { ServerOutcome } from './audit.ts';

const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const STATUS_RANK: Record<string, number> = { Error: 0, Failed: 1, Warning: 2 };
const WORST_PER_SERVER = 5;

const rank = (r: { severity: string | null; status: string }) =>
  (SEVERITY_RANK[r.severity ?? ''] ?? 5) * 10 + (STATUS_RANK[r.status] ?? 9);

const idOf = (r: CheckResult) => r.check_id ?? `${r.section}/${r.name}`;

export function buildFleetReport(outcomes: ServerOutcome[], opts: { startedAt: Date; finishedAt: Date; concurrency: number; reportFiles: (string | null)[]; spoolDir: string | null; pending: number }): FleetReport {
  const byCheck = new Map<string, FleetFinding>();
  const servers = outcomes.map((o, i) => {
    const judged = o.judged;
    const findings = judged ? judged.results.filter((r) => FINDING_STATUSES.has(r.status)) : [];
    for (const r of findings) {
      const id = idOf(r);
      let entry = byCheck.get(id);
      if (!entry) byCheck.set(id, entry = { check_id: id, name: r.name, section: r.section, severity: r.severity, servers: [] });
      entry.servers.push({ name: o.server.name, status: r.status });
    }
    const overall = judged ? scores(judged).overall : null;
    return {
      name: o.server.name, host: o.server.host, port: o.server.port, database: o.server.database,
      tags: o.server.tags, groups: o.server.groups,
      status: o.status, error: o.error, duration_ms: o.duration_ms,
      server_version: o.report?.run.server.version ?? null,
      score: overall ? { percent: overall.percent, passed: overall.passed, judged: overall.judged } : null,
      counts: judged ? judged.summary.by_status : null,
      worst: [...findings].sort((a, b) => rank(a) - rank(b)).slice(0, WORST_PER_SERVER)
        .map((r) => ({ check_id: idOf(r), name: r.name, section: r.section, severity: r.severity, status: r.status })),
      report_file: opts.reportFiles[i],
      stored: o.stored,
      channel: o.delivery ? { delivered: o.delivery.delivered, duplicates: o.delivery.duplicates, pending: o.delivery.pending, error: o.delivery.error ?? null } : null,
    };
  });
  const by_status: Record<string, number> = {};
  for (const s of servers) by_status[s.status] = (by_status[s.status] ?? 0) + 1;
  const deliveries = outcomes.map((o) => o.delivery).filter((d) => d !== null);
  const findings = [...byCheck.values()].sort((a, b) => b.servers.length - a.servers.length || rank({ severity: a.severity, status: '' }) - rank({ severity: b.severity, status: '' }) || a.check_id.localeCompare(b.check_id));
  return {
    format: 'sec_check-fleet-report',
    format_version: 1,
    tool: { name: 'sec_check', version: TOOL_VERSION, build_id: BUILD_ID },
    started_at: opts.startedAt.toISOString(),
    finished_at: opts.finishedAt.toISOString(),
    duration_ms: opts.finishedAt.getTime() - opts.startedAt.getTime(),
    servers_duration_ms: outcomes.reduce((n, o) => n + o.duration_ms, 0),
    concurrency: opts.concurrency,
    summary: { servers: servers.length, audited: by_status.audited ?? 0, not_audited: servers.length - (by_status.audited ?? 0), by_status },
    servers,
    findings,
    channel: opts.spoolDir === null ? null : {
      delivered: deliveries.reduce((n, d) => n + d.delivered, 0),
      duplicates: deliveries.reduce((n, d) => n + d.duplicates, 0),
      pending: opts.pending,
      spool_dir: opts.spoolDir,
    },
  };
}
