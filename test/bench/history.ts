// `npm run bench` (part 2): do the operations views stay fast with history?
// 10,000 stored runs of the full built-in catalog (~780k result rows) are made from one
// real run with generate_series, through the same triggers as real runs (lifecycle,
// counts, role snapshots), with some checks flapping so findings open, fix and reopen.
// Target: findings, drift(), run_summary and the current state (current_state,
// current_score, latest_results, current_report_json) each answer in under 100 ms;
// state_changes (a window over every stored result) is printed for reference.
import { resolve } from 'node:path';
import { ensureInstall, installExtensionFromRepo, startCluster } from '../../src/harness/index.ts';

const repo = resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.BENCH_HISTORY_RUNS ?? 10_000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const TARGET_MS = 100;

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const cluster = await startCluster(install);
try {
  await cluster.query('CREATE EXTENSION pljs');
  await cluster.query('CREATE EXTENSION sec_check');
  const [{ template }] = await cluster.query('SELECT max(run_id) AS template FROM sec_check.run()');

  const t0 = performance.now();
  // runs: copies of the template, one hour apart, ending now
  await cluster.query(`
    INSERT INTO sec_check.runs (started_at, finished_at, server_version, server_version_num, groups, locale,
                                run_by, origin, runtime, tool_version, report)
    SELECT now() - (${RUNS} - i) * interval '1 hour' - interval '2 seconds', now() - (${RUNS} - i) * interval '1 hour',
           server_version, server_version_num, groups, locale, run_by, origin, runtime, tool_version, report
      FROM sec_check.runs, generate_series(1, ${RUNS}) AS i
     WHERE id = $1
     ORDER BY i`, [template]);
  // results: the template's, with every check failing or passing now and then
  await cluster.query(`
    INSERT INTO sec_check.results (run_id, ordinal, section, check_id, check_name, description, severity, cis,
                                   status, skip_reason, short_description, full_description, recommendation,
                                   raw, duration_ms)
    SELECT r.id, x.ordinal, x.section, x.check_id, x.check_name, x.description, x.severity, x.cis,
           CASE WHEN (r.id + x.ordinal * 7) % 53 = 0 AND x.status = 'Success' THEN 'Warning'
                WHEN (r.id + x.ordinal * 7) % 53 = 0 AND x.status = 'Warning' THEN 'Success'
                WHEN (r.id + x.ordinal * 11) % 211 = 0 AND x.status = 'Warning' THEN 'Error'
                ELSE x.status END,
           x.skip_reason, x.short_description, x.full_description, x.recommendation, '[]', x.duration_ms
      FROM sec_check.runs r
      JOIN sec_check.results x ON x.run_id = $1
     WHERE r.id > $1
     ORDER BY r.id, x.ordinal`, [template]);
  const [{ runs, results }] = await cluster.query(
    'SELECT (SELECT count(*) FROM sec_check.runs) AS runs, (SELECT count(*) FROM sec_check.results) AS results');
  await cluster.query('VACUUM ANALYZE');
  console.log(`\nsec_check history bench — PostgreSQL ${install.version}: ${runs} runs, ${results} results ` +
    `(made in ${((performance.now() - t0) / 1000).toFixed(1)} s), median of ${REPS}\n`);

  const client = await cluster.connect();
  console.log(`  ${'query'.padEnd(46)} ${'client'.padStart(10)} ${'server'.padStart(10)}`);
  const queries: [string, string, boolean][] = [
    ['findings (all rows)', 'SELECT * FROM sec_check.findings', true],
    ['drift() (newest vs previous comparable run)', 'SELECT * FROM sec_check.drift()', true],
    ['drift(first, last)', `SELECT * FROM sec_check.drift(${Number(template) + 1}, (SELECT max(id) FROM sec_check.runs))`, true],
    ['run_summary (all rows)', 'SELECT * FROM sec_check.run_summary', true],
    ['run_summary (newest 100)', 'SELECT * FROM sec_check.run_summary ORDER BY run_id DESC LIMIT 100', true],
    ['score_by_group', 'SELECT * FROM sec_check.score_by_group', false],
    ['check_history of one check', `SELECT * FROM sec_check.check_history WHERE check_id = 'log_connections'`, false],
    ['schedules', 'SELECT * FROM sec_check.schedules', false],
    ['current_state (all rows)', 'SELECT * FROM sec_check.current_state', true],
    ['current_score', 'SELECT * FROM sec_check.current_score', true],
    ['latest_results (all rows)', 'SELECT * FROM sec_check.latest_results', true],
    ['current_report_json()', 'SELECT sec_check.current_report_json()', true],
    ['state_changes, last 30 days', `SELECT * FROM sec_check.state_changes WHERE changed_at > now() - interval '30 days'`, false],
  ];
  let over = 0;
  for (const [label, sql, required] of queries) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < REPS + 1; i++) {
      const t = performance.now();
      const r = await client.query(sql);
      if (i > 0) times.push(performance.now() - t); // the first call warms the cache
      rows = r.rowCount ?? 0;
    }
    times.sort((a, b) => a - b);
    const med = times[Math.floor(times.length / 2)];
    // the server's own time, without sending and parsing the rows in Node
    const server: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const plan = await client.query(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${sql}`);
      server.push(Number(plan.rows[0]['QUERY PLAN'][0]['Execution Time']));
    }
    server.sort((a, b) => a - b);
    const serverMed = server[Math.floor(server.length / 2)];
    // the target is the database's answer (server); client adds sending and parsing the rows
    const verdict = required ? (serverMed < TARGET_MS ? `ok (< ${TARGET_MS} ms)` : `OVER ${TARGET_MS} ms`) : '';
    if (required && serverMed >= TARGET_MS) over++;
    console.log(`  ${label.padEnd(46)} ${`${med.toFixed(1)} ms`.padStart(10)} ${`${serverMed.toFixed(1)} ms`.padStart(10)}  ${String(rows).padStart(6)} rows  ${verdict}`);
  }
  await client.end();
  if (over) process.exitCode = 1;
} finally {
  await cluster.stop();
}
