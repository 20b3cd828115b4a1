// The score shown per group in the HTML report and in the console summary.
// Definition: passed / judged, where passed = Success and judged = Success + Warning +
// Error + Failed. Info and Skipped make no pass/fail judgement and are left out; Failed
// (the check could not be evaluated) is never a pass, so it counts against the score. A
// waived failing result (result.waiver, src/session/waivers.ts) is not judged, as in the
// server's score_by_group.
import { summarize, type CheckResult, type Report, type Status } from '../core/report.ts';
import { sectionHeaders } from './shared.ts';

export interface Score {
  key: string;
  header: string;
  passed: number;
  judged: number;
  /** 0..100 rounded down to one decimal, or null when nothing was judged. */
  percent: number | null;
  counts: Record<Status, number>;
}

const JUDGED: Status[] = ['Success', 'Warning', 'Error', 'Failed'];

export function scoreOf(key: string, header: string, results: CheckResult[]): Score {
  const counts = summarize(results.filter((r) => !r.waiver)).by_status;
  const passed = counts.Success;
  const judged = JUDGED.reduce((n, s) => n + counts[s], 0);
  const percent = judged ? Math.floor((passed / judged) * 1000) / 10 : null;
  return { key, header, passed, judged, percent, counts };
}

/** One score per section (in report order, plus sections only seen in results) and the
 *  overall score as `overall`. */
export function scores(report: Report): { groups: Score[]; overall: Score } {
  const groups = [...sectionHeaders(report)]
    .map(([key, header]) => ({ key, header, rows: report.results.filter((r) => r.section === key) }))
    .filter((g) => g.rows.length > 0)
    .map((g) => scoreOf(g.key, g.header, g.rows));
  return { groups, overall: scoreOf('', '', report.results) };
}
