// `npm run bench` (current state): the current state, its score and report, and the state
// changes, over a history made like a real schedule — a full run every 24th hour, an hourly
// run of the logging group in between — folded in run by run through process_run (the
// trigger path of real runs), with some checks flapping. Prints how long folding a run in
// takes and how long each view answers (server time, median). Target: the current-state
// views answer in under 100 ms.
import { resolve } from 'node:path';
import { ensureInstall, installExtensionFromRepo, startCluster } from '../../src/harness/index.ts';

const repo = resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.BENCH_STATE_RUNS ?? 2_000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const TARGET_MS = 100;

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const cluster = await startCluster(install);
try {
  await cluster.query('CREATE EXTENSION pljs');
  await cluster.query('CREATE EXTENSION sec_check');
  const [{ full }] = await cluster.query('SELECT max(run_id) AS full FROM sec_check.run()');
  const [{ logging }] = await cluster.query(`SELECT max(run_id) AS logging FROM sec_check.run('logging')`);
  const client = await cluster.connect();
  // the triggers act on runs being stored (store_run sets this for its own transaction)
  await client.query(`SET sec_check.storing_run = on`);
  const t0 = performance.now();
  await client.query(`
    INSERT INTO sec_check.runs (started_at, finished_at, server_version, server_version_num, groups, locale,
                                run_by, origin, runtime, tool_version, report)
    SELECT now() - (${RUNS} - i) * interval '1 hour' - interval '2 seconds', now() - (${RUNS} - i) * interval '1 hour',
           t.server_version, t.server_version_num, t.groups, t.locale, t.run_by, t.origin, t.runtime, t.tool_version, t.report
      FROM generate_series(1, ${RUNS}) AS i
      JOIN sec_check.runs t ON t.id = CASE WHEN i % 24 = 0 THEN $1::bigint ELSE $2::bigint END
     ORDER BY i`, [full, logging]);
  const made = performance.now();
  // one INSERT per run, as store_run does, so each is folded in by the trigger in order
  const ids = (await client.query(`SELECT id, groups IS NULL AS full FROM sec_check.runs WHERE id > $1 ORDER BY id`, [logging])).rows;
  for (const r of ids) {
    await client.query(`
      INSERT INTO sec_check.results (run_id, ordinal, section, check_id, check_name, description, severity, cis,
                                     status, skip_reason, short_description, full_description, recommendation, raw, duration_ms)
      SELECT $1::bigint, x.ordinal, x.section, x.check_id, x.check_name, x.description, x.severity, x.cis,
             CASE WHEN ($1::bigint + x.ordinal * 7) % 53 = 0 AND x.status = 'Success' THEN 'Warning'
                  WHEN ($1::bigint + x.ordinal * 7) % 53 = 0 AND x.status = 'Warning' THEN 'Success'
                  WHEN ($1::bigint + x.ordinal * 11) % 211 = 0 AND x.status = 'Warning' THEN 'Error'
                  ELSE x.status END,
             x.skip_reason, x.short_description, x.full_description, x.recommendation, x.raw, x.duration_ms
        FROM sec_check.results x WHERE x.run_id = $2::bigint`, [r.id, r.full ? full : logging]);
  }
  const folded = performance.now();
  await client.query('VACUUM ANALYZE');
  const [{ runs, results }] = (await client.query(
    'SELECT (SELECT count(*) FROM sec_check.runs) AS runs, (SELECT count(*) FROM sec_check.results) AS results')).rows;
  console.log(`\nsec_check current-state bench — PostgreSQL ${install.version}: ${runs} runs (a full run every 24th), ${results} results`);
  console.log(`  storing them: ${((folded - made) / ids.length).toFixed(1)} ms per run folded in (results INSERT + process_run + alert), ` +
    `${((folded - t0) / 1000).toFixed(1)} s in all; median of ${REPS}\n`);
  console.log(`  ${'query'.padEnd(40)} ${'server'.padStart(10)}`);
  const queries: [string, string, boolean][] = [
    ['current_state (all rows)', 'SELECT * FROM sec_check.current_state', true],
    ['current_score', 'SELECT * FROM sec_check.current_score', true],
    ['score_by_group', 'SELECT * FROM sec_check.score_by_group', true],
    ['latest_results (all rows)', 'SELECT * FROM sec_check.latest_results', true],
    ['current_report_json()', 'SELECT sec_check.current_report_json()', true],
    ['run_summary (state_score, 30 days)', `SELECT finished_at, state_score FROM sec_check.run_summary WHERE finished_at > now() - interval '30 days'`, true],
    ['score_history (every group, all runs)', 'SELECT * FROM sec_check.score_history', true],
    ['state_changes (30 days)', `SELECT * FROM sec_check.state_changes WHERE changed_at > now() - interval '30 days'`, false],
  ];
  let over = 0;
  for (const [label, sql, required] of queries) {
    const server: number[] = [];
    let rows = 0;
    for (let i = 0; i < REPS + 1; i++) {
      const plan = (await client.query(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${sql}`)).rows[0]['QUERY PLAN'][0];
      if (i > 0) server.push(Number(plan['Execution Time'])); // the first call warms the cache
      rows = Number(plan.Plan['Actual Rows']);
    }
    server.sort((a, b) => a - b);
    const med = server[Math.floor(server.length / 2)];
    const verdict = required ? (med < TARGET_MS ? `ok (< ${TARGET_MS} ms)` : `OVER ${TARGET_MS} ms`) : '';
    if (required && med >= TARGET_MS) over++;
    console.log(`  ${label.padEnd(40)} ${`${med.toFixed(1)} ms`.padStart(10)}  ${String(rows).padStart(6)} rows  ${verdict}`);
  }
  await client.end();
  if (over) process.exitCode = 1;
} finally {
  await cluster.stop();
}
