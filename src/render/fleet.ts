// The fleet report (sec-check fleet) as one page in the page shell, en or ru. Everything from
// servers and the inventory (names, tags, errors, check names) is untrusted: every value is
// escaped.
import { escapeHtml as e } from './escape.ts';
import { renderPage } from './page.ts';
import { fill, pageLocale, pageStrings } from './ui-strings.ts';

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

const seconds = (ms: number) => (ms / 1000).toFixed(1);

export function renderFleetHtml(r: FleetReport, locale = 'en'): string {
  const lang = pageLocale(locale);
  const t = pageStrings(lang).fleet;
  const head = (cols: string[]) => `<thead><tr>${cols.map((c) => `<th scope="col">${e(c)}</th>`).join('')}</tr></thead>`;
  const serverRows = r.servers.map((s) => `<tr class="st-${e(s.status)}${s.status === 'audited' ? '' : ' down'}">
<td>${e(s.name)}</td><td>${e(`${s.host}:${s.port}/${s.database}`)}</td><td>${e(s.tags.join(', '))}</td>
<td>${e(s.status)}${s.error ? `<div class="err">${e(s.error)}</div>` : ''}</td>
<td>${e(s.server_version ?? '')}</td>
<td class="num">${s.score ? (s.score.percent === null ? e(t.score_none) : `${e(s.score.percent)}%`) : ''}</td>
<td>${s.worst.map((w) => `<div>${e(w.status)} [${e(w.severity ?? '')}] ${e(w.section)}/${e(w.check_id)}</div>`).join('')}</td>
<td class="num">${e(fill(t.seconds, { n: seconds(s.duration_ms) }))}</td></tr>`).join('\n');
  const findingRows = r.findings.map((f) => `<tr><td>${e(f.check_id)}<div class="sub">${e(f.name)}</div></td><td>${e(f.section)}</td><td>${e(f.severity ?? '')}</td>
<td class="num">${f.servers.length}</td><td>${f.servers.map((s) => `<span class="srv s-${e(s.status)}">${e(s.name)}</span>`).join(' ')}</td></tr>`).join('\n');
  const channel = r.channel
    ? `<p>${fill(e(t.channel), { delivered: e(r.channel.delivered), pending: e(r.channel.pending), spool: `<code>${e(r.channel.spool_dir)}</code>` })}</p>\n`
    : '';
  return renderPage({
    locale: lang,
    title: t.title,
    heading: t.title,
    sub: fill(t.summary, { servers: r.summary.servers, audited: r.summary.audited, not_audited: r.summary.not_audited, started: r.started_at,
      seconds: seconds(r.duration_ms), own: seconds(r.servers_duration_ms), concurrency: r.concurrency, version: r.tool.version }),
    generator: `sec_check ${r.tool.version}`,
    body: `${channel}<h2>${e(t.servers)}</h2>
<table class="list">${head(t.server_cols)}
<tbody>
${serverRows}
</tbody></table>
<h2>${e(t.findings)}</h2>
<table class="list">${head(t.finding_cols)}
<tbody>
${findingRows}
</tbody></table>
`,
  });
}
