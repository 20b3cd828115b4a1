// JUnit XML renderer, for CI systems that show test reports.
// One <testsuite> per report section (in report order), one <testcase> per check:
//   Success, Info -> passed (Info text goes to <system-out>)
//   Error, Warning -> <failure type="Error|Warning">
//   Failed         -> <error type="Failed"> (the check could not be evaluated)
//   Skipped        -> <skipped message="<skip_reason>">
//   a waived Error, Warning or Failed (result.waiver) -> <skipped message="waived ...">
//                     naming the real status, the waiver's reason and expiry: a waived
//                     finding does not fail the run (as in sec-check's exit code), and a
//                     skipped test case is what CI tools show as "not counted" rather than
//                     hiding it among the passes
// tests/failures/errors/skipped attributes on <testsuite> and <testsuites> are counted from
// the same rows, so they always match the JSON summary. Times are seconds.
import type { CheckResult, Report } from '../core/report.ts';
import { escapeXml as x, escapeXmlAttr as a } from './escape.ts';
import { plainText } from './rich-text.ts';
import { sectionHeaders, str, summaryText } from './shared.ts';

const secs = (ms: number): string => (ms / 1000).toFixed(3);

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  ms: number;
}

function count(rows: CheckResult[]): Counts {
  const c: Counts = { tests: rows.length, failures: 0, errors: 0, skipped: 0, ms: 0 };
  for (const r of rows) {
    if (r.waiver) c.skipped++;
    else if (r.status === 'Error' || r.status === 'Warning') c.failures++;
    else if (r.status === 'Failed') c.errors++;
    else if (r.status === 'Skipped') c.skipped++;
    c.ms += r.duration_ms;
  }
  return c;
}

const countAttrs = (c: Counts) =>
  `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${secs(c.ms)}"`;

function details(r: CheckResult): string {
  const parts = [summaryText(r)];
  const full = plainText(r.full_description);
  if (full) parts.push(full);
  const rec = plainText(r.recommendation);
  if (rec) parts.push(`Recommendation: ${rec}`);
  for (const e of r.executors) {
    if (e.error) parts.push(`${e.script}: ${e.error}`);
  }
  return parts.filter(Boolean).join('\n\n');
}

function testcase(r: CheckResult, classname: string): string {
  const name = r.check_id ? `${r.check_id}: ${r.name}` : r.name;
  const open = `    <testcase classname="${a(classname)}" name="${a(name)}" time="${secs(r.duration_ms)}"`;
  const summary = summaryText(r);
  if (r.waiver) {
    const message = `waived ${r.status} until ${r.waiver.expires_at}: ${r.waiver.reason}`;
    return `${open}>\n      <skipped message="${a(message)}">${x(details(r))}</skipped>\n    </testcase>`;
  }
  switch (r.status) {
    case 'Error':
    case 'Warning':
      return `${open}>\n      <failure type="${r.status}" message="${a(summary)}">${x(details(r))}</failure>\n    </testcase>`;
    case 'Failed':
      return `${open}>\n      <error type="Failed" message="${a(summary)}">${x(details(r))}</error>\n    </testcase>`;
    case 'Skipped':
      return `${open}>\n      <skipped message="${a(r.skip_reason ?? 'skipped')}"/>\n    </testcase>`;
    case 'Info':
      return `${open}>\n      <system-out>${x(details(r))}</system-out>\n    </testcase>`;
    default:
      return `${open}/>`;
  }
}

/** Renders the report as JUnit XML. */
export function renderJunit(report: Report): string {
  const results = report.results;
  const headers = sectionHeaders(report);
  const stamp = report.run.started_at.replace(/\.\d+Z$/, 'Z');
  const hostname = str(report.run.server.host) || 'localhost';
  const suites: string[] = [];
  [...headers.keys()].forEach((key, id) => {
    const rows = results.filter((r) => r.section === key);
    if (!rows.length) return;
    const classname = `sec_check.${key}`;
    suites.push(
      `  <testsuite id="${id}" name="${a(headers.get(key))}" package="${a(classname)}" hostname="${a(hostname)}"` +
        `${stamp ? ` timestamp="${a(stamp)}"` : ''} ${countAttrs(count(rows))}>\n` +
        `${rows.map((r) => testcase(r, classname)).join('\n')}\n  </testsuite>`,
    );
  });
  const title = `${report.report.header || 'sec_check'} (${report.run.server.database})`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${a(title)}" ${countAttrs(count(results))}>\n${suites.join('\n')}\n</testsuites>\n`
  );
}
