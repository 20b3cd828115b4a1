// The score shown per group in the HTML report and in the console summary.
// Definition: passed / judged, where passed = Success and judged = Success + Warning +
// Error + Failed. Info and Skipped make no pass/fail judgement and are left out; Failed
// (the check could not be evaluated) is never a pass, so it counts against the score.
import type { CheckResult, Report, Status } from '../core/report.ts';

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

export function emptyCounts(): Record<Status, number> {
  return { Success: 0, Info: 0, Warning: 0, Error: 0, Failed: 0, Skipped: 0 };
}

export function scoreOf(key: string, header: string, results: CheckResult[]): Score {
  const counts = emptyCounts();
  for (const r of results) if (r.status in counts) counts[r.status]++;
  const passed = counts.Success;
  const judged = JUDGED.reduce((n, s) => n + counts[s], 0);
  const percent = judged ? Math.floor((passed / judged) * 1000) / 10 : null;
  return { key, header, passed, judged, percent, counts };
}

/** One score per section (in report order, plus sections only seen in results) and the
 *  overall score as `overall`. */
export function scores(report: Report): { groups: Score[]; overall: Score } {
  const headers = new Map<string, string>();
  for (const s of report.sections ?? []) headers.set(s.key, s.header || s.key);
  for (const r of report.results ?? []) if (!headers.has(r.section)) headers.set(r.section, r.section);
  const groups = [...headers].map(([key, header]) =>
    scoreOf(key, header, report.results.filter((r) => r.section === key)),
  );
  return { groups: groups.filter((g) => g.judged + g.counts.Info + g.counts.Skipped > 0), overall: scoreOf('', '', report.results) };
}
