-- run() stores what it returns; record_run() rejects documents that are not reports;
-- report_json() rebuilds a stored run.
BEGIN;
SELECT plan(12);

CREATE TEMP TABLE tap_rows ON COMMIT DROP AS SELECT * FROM sec_check.run('logging');
SELECT ok((SELECT count(*) FROM tap_rows) > 10, 'run(''logging'') returns the logging checks');
SELECT is((SELECT count(DISTINCT run_id)::int FROM tap_rows), 1, 'one run');
SELECT is((SELECT array_agg(DISTINCT section) FROM tap_rows), ARRAY['logging'], 'only the logging group');
SELECT is((SELECT count(*)::int FROM sec_check.results r JOIN tap_rows t USING (run_id)
            WHERE r.ordinal IS NOT NULL) / greatest((SELECT count(*)::int FROM tap_rows), 1),
          (SELECT count(*)::int FROM tap_rows), 'every returned row is stored');
SELECT is((SELECT origin FROM sec_check.runs WHERE id = (SELECT min(run_id) FROM tap_rows)), 'database', 'origin database');
SELECT is((SELECT count(*)::int FROM tap_rows WHERE status NOT IN ('Success', 'Info', 'Warning', 'Error', 'Failed', 'Skipped')), 0, 'only known statuses');
SELECT is((sec_check.report_json((SELECT min(run_id) FROM tap_rows)) -> 'results' -> 0 ->> 'section'), 'logging', 'report_json rebuilds the results');
SELECT is(sec_check.report_json(-1), NULL, 'no document for an unknown run');
SELECT throws_like($$SELECT sec_check.record_run('{"format": "other"}')$$, '%not a sec_check report%', 'record_run rejects other documents');
SELECT throws_like($$SELECT * FROM sec_check.run('no_such_group')$$, '%unknown group "no_such_group"%', 'unknown group is an error');
SELECT ok(EXISTS (SELECT 1 FROM sec_check.latest_results WHERE section = 'logging'), 'latest_results shows the run');

-- pljs keeps old function code in sessions that loaded it before an upgrade: the engine
-- compares its own build id with the installed one and refuses to run stale code.
CREATE OR REPLACE FUNCTION sec_check.build_id() RETURNS text LANGUAGE sql AS $$ SELECT '0000000000000000'::text $$;
SELECT throws_like($$SELECT * FROM sec_check.run('logging')$$, '%reconnect to load the new code%', 'stale engine code refuses to run');

SELECT * FROM finish();
ROLLBACK;
