// `npm run bench:roles`: the role-graph differential suite (test/differential/privgraph.test.ts)
// in bench mode — BENCH_ROLES_CASES random role graphs per server (default 200, about a
// thousand login roles probed on each of PostgreSQL 18 and 14), seed BENCH_ROLES_SEED (default:
// the suite's). Prints the suite's own summary (graphs, login roles probed, statements tried,
// time per phase) and fails like the suite on any disagreement. Not part of `npm run bench`:
// it takes about half an hour per thousand graphs on a loaded 2-core machine.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');
const env: NodeJS.ProcessEnv = { ...process.env, PRIVGRAPH_CASES: process.env.BENCH_ROLES_CASES ?? '200' };
if (process.env.BENCH_ROLES_SEED) env.PRIVGRAPH_SEED = process.env.BENCH_ROLES_SEED;
console.log(`\nrole-graph differential suite, bench mode — ${env.PRIVGRAPH_CASES} graphs per server${env.PRIVGRAPH_SEED ? `, seed ${env.PRIVGRAPH_SEED}` : ''}`);
const t0 = performance.now();
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', 'test/differential/privgraph.test.ts'], { cwd: repo, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
for (const line of (run.stdout ?? '').split('\n')) {
  if (/^\s*# (time|event|seed)|^\s*(not )?ok \d/.test(line)) console.log(`  ${line.trim()}`);
}
if (run.status !== 0) {
  process.stdout.write(run.stdout ?? '');
  process.stderr.write(run.stderr ?? '');
}
console.log(`  wall time ${((performance.now() - t0) / 1000).toFixed(0)} s`);
process.exit(run.status ?? 1);
