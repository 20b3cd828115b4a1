// Every check's fixtures (checks/<group>/<id>/fixtures.json) on real servers: a PostgreSQL
// 18 server shared by all 18 cases and a 14 server (another initdb) for the 14 cases, run in
// rounds of merged steps (test/catalog/fixture-runner.ts). Before the rounds, every SQL check
// runs once on the fresh server without an executor error. Last, the coverage check: every
// SQL check of the built catalog has fixtures showing it both ways (the build enforces the
// same when it compiles checks/).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadPackFromConfig, type DiskPack } from '../../src/session/node-pack.ts';
import { FIXTURE_SERVERS, fixtureProblems } from '../../build/check-fixtures.ts';
import { startFixtureServer, type FixtureEnv } from './fixture-hooks.ts';
import { auditAs, loadFixtures, planSteps, runStep } from './fixture-runner.ts';
import type { PackConfig } from '../../build/catalog-types.ts';

const CONFIG = 'dist/catalog/config.json';
const CASES = loadFixtures('checks');
let pack: DiskPack;
before(() => { pack = loadPackFromConfig(CONFIG); });

for (const major of FIXTURE_SERVERS) {
  describe(`PostgreSQL ${major}`, () => {
    let env: FixtureEnv;
    before(async () => { env = await startFixtureServer(major); });
    after(async () => { await env?.stop(); });

    test(`every SQL check runs on a fresh ${major} server without an executor error`, async () => {
      const results = (await auditAs(env, pack, undefined)).results;
      assert.ok(results.length >= 78, `${results.length} results`);
      const failed = results.filter((r) => r.status === 'Failed')
        .map((r) => `${r.check_id}: ${r.short_description} ${JSON.stringify(r.executors.map((e) => e.error))}`);
      assert.deepEqual(failed, []);
    });

    for (const step of planSteps(CASES, major)) {
      test(`round ${step.round} ${step.name}: ${step.cases.length} cases`, async (t) => {
        const outcome = await runStep(env, pack, step);
        for (const line of outcome.notShown) t.diagnostic(line);
        assert.deepEqual(outcome.wrong, [], `\n${outcome.wrong.join('\n')}`);
      });
    }
  });
}

test('every SQL check of the catalog has fixtures showing it both ways', () => {
  const config = JSON.parse(readFileSync(CONFIG, 'utf8')) as PackConfig;
  const sqlChecks = Object.entries(config.section).flatMap(([group, s]) => s.items
    .filter((item) => item.executors.every((e) => e.script.endsWith('.sql')))
    .map((item) => ({ group, id: item.id })));
  const problems = sqlChecks.flatMap(({ group, id }) => {
    const rel = `${group}/${id}/fixtures.json`;
    let data: unknown;
    try { data = JSON.parse(readFileSync(`checks/${rel}`, 'utf8')); } catch (e) { return [`${rel}: ${(e as Error).message}`]; }
    return fixtureProblems(data, rel, { requireBothWays: true });
  });
  assert.deepEqual(problems, []);
  assert.ok(sqlChecks.length >= 70, `${sqlChecks.length} SQL checks`);
  const withCases = new Set(CASES.map((k) => k.id));
  assert.deepEqual(sqlChecks.filter(({ id }) => !withCases.has(id)).map(({ id }) => id), [], 'the runner loads every SQL check\'s cases');
});
