// The fleet report: one JSON document and one self-contained HTML page. Per server: status
// (audited, unreachable, timeout, refused, error), score, worst findings; per finding: the
// servers that have it. Everything from servers and the inventory is untrusted: the HTML
// escapes every value (src/render/escape.ts).
import type { CheckResult } from '../core/report.ts';
import { escapeHtml } from '../render/escape.ts';
import { scores } from '../render/score.ts';
import { TOOL_VERSION, BUILD_ID } from '../runtime/tool-info.ts';
import { FINDING_STATUSES } from '../core/vocabulary.ts';
import type { ServerOutcome } from './audit.ts';

const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const STATUS_RANK: Record<string, number> = { Error: 0, Failed: 1, Warning: 2 };
const WORST_PER_SERVER = 5;

export interface FleetFinding {
  check_id: string;
  name: string;
  section: string;
  severity: string | null;
  servers: { name: string; status: string }[];
}

export interface FleetReport {
  format: 'sec_check-fleet-report';
  format_version: 1;
  tool: { name: 'sec_check'; version: string; build_id: string };
  started_at: string;
  finished_at: string;
  duration_ms: number;
  /** Sum of the servers' own audit times (compare with duration_ms for the parallel gain). */
  servers_duration_ms: number;
  concurrency: number;
  summary: { servers: number; audited: number; not_audited: number; by_status: Record<string, number> };
  servers: {
    name: string; host: string; port: number; database: string; tags: string[]; groups: string[] | null;
    status: string; error: string | null; duration_ms: number;
    server_version: string | null;
    score: { percent: number | null; passed: number; judged: number } | null;
    counts: Record<string, number> | null;
    worst: { check_id: string; name: string; section: string; severity: string | null; status: string }[];
    report_file: string | null;
    stored: { run_id: number | null; note: string } | null;
    channel: { delivered: number; duplicates: number; pending: number; error: string | null } | null;
  }[];
  findings: FleetFinding[];
  channel: { delivered: number; duplicates: number; pending: number; spool_dir: string } | null;
}

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

export function renderFleetHtml(r: FleetReport): string {
  const e = escapeHtml;
  const serverRows = r.servers.map((s) => `<tr class="st-${e(s.status)}">
<td>${e(s.name)}</td><td>${e(`${s.host}:${s.port}/${s.database}`)}</td><td>${e(s.tags.join(', '))}</td>
<td>${e(s.status)}${s.error ? `<div class="err">${e(s.error)}</div>` : ''}</td>
<td>${e(s.server_version ?? '')}</td>
<td class="num">${s.score ? (s.score.percent === null ? 'n/a' : `${e(s.score.percent)}%`) : ''}</td>
<td>${s.worst.map((w) => `<div>${e(w.status)} [${e(w.severity ?? '')}] ${e(w.section)}/${e(w.check_id)}</div>`).join('')}</td>
<td class="num">${(s.duration_ms / 1000).toFixed(1)} s</td></tr>`).join('\n');
  const findingRows = r.findings.map((f) => `<tr><td>${e(f.check_id)}<div class="sub">${e(f.name)}</div></td><td>${e(f.section)}</td><td>${e(f.severity ?? '')}</td>
<td class="num">${f.servers.length}</td><td>${f.servers.map((s) => `<span class="srv s-${e(s.status)}">${e(s.name)}</span>`).join(' ')}</td></tr>`).join('\n');
  const ch = r.channel ? `<p>Channel: ${e(r.channel.delivered)} findings delivered, ${e(r.channel.pending)} pending in <code>${e(r.channel.spool_dir)}</code></p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>sec_check fleet report</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0;width:100%}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f2f2f2}.num{text-align:right}.err{color:#a00;font-size:12px}.sub{color:#666;font-size:12px}
tr.st-unreachable,tr.st-timeout,tr.st-error,tr.st-refused{background:#fff3f3}
.srv{display:inline-block;padding:0 4px;margin:1px;border-radius:3px;background:#eee}.s-Error{background:#f8d0d0}.s-Warning{background:#fbecc4}.s-Failed{background:#e0d8f0}
</style></head><body>
<h1>sec_check fleet report</h1>
<p>${e(r.summary.servers)} servers, ${e(r.summary.audited)} audited, ${e(r.summary.not_audited)} not audited; ${e(r.started_at)}, ${(r.duration_ms / 1000).toFixed(1)} s wall time (servers' own times: ${(r.servers_duration_ms / 1000).toFixed(1)} s, concurrency ${e(r.concurrency)}); sec_check ${e(r.tool.version)}</p>
${ch}
<h2>Servers</h2>
<table><thead><tr><th>Server</th><th>Address</th><th>Tags</th><th>Status</th><th>PostgreSQL</th><th>Score</th><th>Worst findings</th><th>Time</th></tr></thead>
<tbody>
${serverRows}
</tbody></table>
<h2>Findings across the fleet</h2>
<table><thead><tr><th>Check</th><th>Group</th><th>Severity</th><th>Servers</th><th>Which</th></tr></thead>
<tbody>
${findingRows}
</tbody></table>
</body></html>
`;
}
