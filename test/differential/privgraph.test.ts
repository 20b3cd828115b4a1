// Privilege-graph differential suite (README.md of this folder, "Role graphs"): seeded random
// role graphs on PostgreSQL 18 and 14; for each login role that is not a superuser, the prober
// (privgraph/probe.ts) tries every route to act as other roles on the live server, inside a
// transaction it rolls back, and the outcome is compared with the privilege graph (the
// priv_graph and su_equiv facts, read as the runner reads them) and with the verdicts of the
// checks that read it (superuser_roles, escalation_paths, excessive_admin_privileges).
// 0 disagreements. PRIVGRAPH_SEED (default below) reproduces a run; PRIVGRAPH_CASES sets the
// number of graphs per server (bench mode: test/bench/privgraph-diff.ts runs thousands of cases).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { ensureInstall, startCluster, type Cluster } from '../../src/harness/index.ts';
import { loadPackFromConfig, type DiskPack } from '../../src/session/node-pack.ts';
import { compilePack, type CompiledPack } from '../../src/core/pack.ts';
import { runDifferentialCase, type CaseOutcome } from './privgraph/run-case.ts';
import { checksOnly } from './privgraph/model.ts';

export const DEFAULT_SEED = 20260521;
const SEED = Number(process.env.PRIVGRAPH_SEED ?? DEFAULT_SEED);
const CASES = Number(process.env.PRIVGRAPH_CASES ?? 16);

let pack: DiskPack;
let compiled: CompiledPack;
let checks: CompiledPack;
before(() => {
  pack = loadPackFromConfig('dist/catalog/config.json');
  compiled = compilePack(pack);
  checks = checksOnly(pack, ['superuser_roles', 'escalation_paths', 'excessive_admin_privileges']);
});

for (const major of [18, 14] as const) {
  describe(`PostgreSQL ${major}`, () => {
    let cluster: Cluster;
    before(async () => { cluster = await startCluster(await ensureInstall(major)); });
    after(async () => { await cluster?.stop(); });

    test(`${CASES} random role graphs (seed ${SEED}): every login role's probe agrees with the privilege graph and the checks`, async (t) => {
      const outcomes: CaseOutcome[] = [];
      const only = process.env.PRIVGRAPH_ONLY ? process.env.PRIVGRAPH_ONLY.split(',').map(Number) : null; // debugging one case
      for (let i = 0; i < CASES; i++) {
        if (only && !only.includes(i)) continue;
        outcomes.push(await runDifferentialCase(cluster, (user, db) => cluster.clientConfig(user, db) as pg.ClientConfig, compiled, pack, checks, SEED, i, major));
      }
      const logins = outcomes.reduce((n, o) => n + o.probed, 0);
      const attempts = outcomes.reduce((n, o) => n + o.attempts, 0);
      const reachedSuper = outcomes.reduce((n, o) => n + o.superuser, 0);
      const ms = (k: keyof CaseOutcome['ms']) => Math.round(outcomes.reduce((n, o) => n + o.ms[k], 0) / 1000);
      t.diagnostic(`time (s): setup ${ms('setup')}, model ${ms('model')}, probe ${ms('probe')}, teardown ${ms('teardown')}`);
      const sum = (f: (o: CaseOutcome) => number) => outcomes.reduce((n, o) => n + f(o), 0);
      t.diagnostic(`event triggers: ${sum((o) => o.eventPairs)} (login, event trigger) pairs compared, ${sum((o) => o.eventHijacks)} hijacked; SECURITY DEFINER trigger functions: ${sum((o) => o.triggerFns)}, gone through ${sum((o) => o.triggerRoutes)} time(s)`);
      t.diagnostic(`seed ${SEED}: ${CASES} graphs, ${logins} login roles probed (${reachedSuper} reached a superuser), ${attempts} statements tried`);
      const wrong = outcomes.flatMap((o) => o.disagreements.length ? [`${o.id}: ${o.disagreements.join('\n  ')}\n  graph: ${o.summary.join('; ')}`] : []);
      assert.deepEqual(wrong, [], `\n${wrong.join('\n')}`);
      assert.ok(logins >= (only?.length ?? CASES) * 2, `${logins} login roles probed`);
    });
  });
}
