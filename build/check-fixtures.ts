// fixtures.json of a check folder: server states in which the check must give a known
// verdict. The build validates the file (schema/fixtures.schema.json) and requires every SQL
// check to show two verdicts; test/catalog/fixtures.test.ts applies the states to real
// servers and compares. Both read the file through these types.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SkipReason, Status } from '../src/core/vocabulary.ts';
import { schemaProblems } from './schema-check.ts';

export const FIXTURES_FILE = 'fixtures.json';
export const FIXTURES_SCHEMA = path.join(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), 'schema/fixtures.schema.json');

/** The servers the fixture runner starts (fixtures.schema.json lists the same). */
export const FIXTURE_SERVERS = [18, 14] as const;
export type FixtureServer = (typeof FIXTURE_SERVERS)[number];

export interface FixtureExpect {
  status?: Status;
  status_not?: Status;
  /** regexes the short + full description must match */
  text?: string[];
  not_text?: string[];
  /** regexes the short description must match */
  short?: string[];
  /** regexes the whole report (as JSON) must not match */
  report_not?: string[];
  /** executor file name → why it was skipped */
  skipped?: Record<string, SkipReason>;
}

export interface FixtureStep {
  settings?: Record<string, string | number | boolean>;
  hba?: string[];
  hba_file?: string[];
  sql?: string;
  hooks?: string[];
  user?: string;
  locale?: string;
  expect?: FixtureExpect;
}

export interface FixtureCase {
  label?: string;
  server?: FixtureServer;
  round?: number;
  bad?: FixtureStep;
  good?: FixtureStep;
  steps?: FixtureStep[];
}

export interface FixturesJson {
  $schema?: string;
  cases: FixtureCase[];
  review_only?: string;
  no_pass_fixture?: string;
}

/** A case's states in order: bad then good, or its steps. */
export function caseSteps(c: FixtureCase): { name: string; step: FixtureStep }[] {
  if (c.steps) return c.steps.map((step, i) => ({ name: `step ${i + 1}`, step }));
  return [{ name: 'bad', step: c.bad ?? {} }, { name: 'good', step: c.good ?? {} }];
}

/**
 * Problems of a fixtures.json (schema, then coverage). requireBothWays: the file must show
 * the check giving two different statuses, unless it says why it cannot (review_only,
 * no_pass_fixture).
 */
export function fixtureProblems(data: unknown, rel: string, { requireBothWays }: { requireBothWays: boolean }): string[] {
  const problems = schemaProblems(FIXTURES_SCHEMA, data, rel);
  if (problems.length) return problems;
  const f = data as FixturesJson;
  for (const [i, c] of f.cases.entries()) {
    for (const { name, step } of caseSteps(c)) {
      for (const [j, re] of [...(step.expect?.text ?? []), ...(step.expect?.not_text ?? []), ...(step.expect?.short ?? []), ...(step.expect?.report_not ?? [])].entries()) {
        try { new RegExp(re); } catch (e) { problems.push(`${rel}: cases[${i}].${name}: expect regex ${j + 1} ${JSON.stringify(re)}: ${(e as Error).message}`); }
      }
      if (step.hba && step.hba_file) problems.push(`${rel}: cases[${i}].${name}: give hba (lines added to the base) or hba_file (the whole file), not both`);
    }
  }
  const statuses = new Set(f.cases.flatMap((c) => caseSteps(c).map((s) => s.step.expect?.status)).filter(Boolean));
  const expects = f.cases.flatMap((c) => caseSteps(c).map((s) => s.step.expect)).filter(Boolean);
  if (requireBothWays && statuses.size < 2) {
    if (f.review_only) {
      if (!expects.some((e) => e?.text?.length)) problems.push(`${rel}: review_only: the cases must assert what the text lists`);
    } else if (!f.no_pass_fixture) {
      problems.push(`${rel}: cases: the check must be shown giving two statuses (a state where it reports the problem and one where it passes), found ${[...statuses].join(', ') || 'none'}; or say why not (review_only, no_pass_fixture)`);
    }
  }
  if (!expects.length) problems.push(`${rel}: cases: no step has an expect`);
  return problems;
}
