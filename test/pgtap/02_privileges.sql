-- Nothing is open to PUBLIC, every SECURITY DEFINER function pins search_path, every
-- function is documented, and a role without grants cannot run or read anything.
BEGIN;
SELECT plan(8);

SELECT is((SELECT count(*)::int FROM pg_proc
            WHERE pronamespace = 'sec_check'::regnamespace
              AND has_function_privilege('public', oid, 'EXECUTE')), 0,
          'PUBLIC may execute no sec_check function');
SELECT is((SELECT count(*)::int FROM pg_class
            WHERE relnamespace = 'sec_check'::regnamespace AND relkind IN ('r', 'v')
              AND (has_table_privilege('public', oid, 'SELECT') OR has_table_privilege('public', oid, 'INSERT'))), 0,
          'PUBLIC may read or write no sec_check table or view');
SELECT is(has_schema_privilege('public', 'sec_check', 'USAGE'), false, 'PUBLIC has no USAGE on the schema');
SELECT is((SELECT count(*)::int FROM pg_proc
            WHERE pronamespace = 'sec_check'::regnamespace AND prosecdef
              AND NOT coalesce(proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)), 0,
          'every SECURITY DEFINER function pins search_path = pg_catalog, pg_temp');
SELECT is((SELECT count(*)::int FROM pg_proc
            WHERE pronamespace = 'sec_check'::regnamespace AND obj_description(oid, 'pg_proc') IS NULL), 0,
          'every function has a comment');

CREATE ROLE sec_check_tap_nobody LOGIN;
SET LOCAL ROLE sec_check_tap_nobody;
SELECT throws_ok($$SELECT * FROM sec_check.run()$$, '42501', NULL, 'a role without grants cannot run an audit');
SELECT throws_ok($$SELECT * FROM sec_check.results$$, '42501', NULL, 'a role without grants cannot read results');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM pg_proc p
            WHERE p.pronamespace = 'sec_check'::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                               WHERE e.extname = 'sec_check' AND d.classid = 'pg_proc'::regclass
                                 AND d.objid = p.oid AND d.deptype = 'e')), 0,
          'every sec_check function belongs to the extension');

SELECT * FROM finish();
ROLLBACK;
