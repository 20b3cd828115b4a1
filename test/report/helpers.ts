// Shared test helpers: fixtures and a small builder for reports with given statuses.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CheckResult, Report, Status } from '../../src/core/report.ts';
import { summarize } from '../../src/core/report.ts';
import { syntheticReport } from './fixtures/synthetic.ts';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export function loadFixture(name: 'sample-en' | 'sample-ru'): Report {
  return JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Report;
}

/** Every fixture report, for tests that must hold for all of them. */
export function allFixtures(): [string, Report][] {
  return [
    ['sample-en', loadFixture('sample-en')],
    ['sample-ru', loadFixture('sample-ru')],
    ['synthetic-70', syntheticReport(70)],
    ['empty', withStatuses([])],
  ];
}

/** A copy of sample-en whose results have exactly the given statuses. */
export function withStatuses(statuses: Status[]): Report {
  const base = loadFixture('sample-en');
  const proto = base.results[0];
  const results: CheckResult[] = statuses.map((status, i) => ({
    ...proto,
    check_id: `c_${i}`,
    name: `check ${i}`,
    status,
    skip_reason: status === 'Skipped' ? 'version' : null,
  }));
  return { ...base, results, summary: summarize(results) };
}

/** Deep copy, so a test can break one field. */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
