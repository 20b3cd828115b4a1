-- The extension's objects exist with the expected shape and security attributes.
BEGIN;
SELECT plan(29);

SELECT has_schema('sec_check');
SELECT has_table('sec_check', 'runs', 'runs table');
SELECT has_table('sec_check', 'results', 'results table');
SELECT has_table('sec_check', 'packs', 'packs table');
SELECT has_view('sec_check', 'latest_results', 'latest_results view');
SELECT has_function('sec_check', 'run', ARRAY['text[]', 'text', 'text'], 'run(text[], text, text)');
SELECT has_function('sec_check', 'run', ARRAY['text', 'text', 'text'], 'run(text, text, text)');
SELECT has_function('sec_check', 'record_run', ARRAY['jsonb']);
SELECT has_function('sec_check', 'report_json', ARRAY['bigint']);
SELECT has_function('sec_check', 'engine', ARRAY['jsonb']);
SELECT function_lang_is('sec_check', 'engine', ARRAY['jsonb'], 'pljs', 'the engine runs in the installed JS language');
SELECT is_definer('sec_check', 'record_run', ARRAY['jsonb']);
SELECT is_definer('sec_check', 'pack_for_run', ARRAY['text']);
SELECT isnt_definer('sec_check', 'report_json', ARRAY['bigint'], 'report_json is SECURITY INVOKER: row-level security decides whose evidence it returns');
SELECT isnt_definer('sec_check', 'engine', ARRAY['jsonb'], 'checks run with the caller''s privileges');
SELECT isnt_definer('sec_check', 'run', ARRAY['text[]', 'text', 'text'], 'run() is SECURITY INVOKER');
SELECT is_definer('sec_check', 'record_database_run', ARRAY['jsonb', 'text', 'name', 'timestamptz'], 'in-database runs are recorded by a definer function that checks its caller');
SELECT isnt_definer('sec_check', 'store_run', ARRAY['jsonb', 'text', 'name', 'timestamptz', 'text', 'text', 'text'], 'store_run is internal, reachable only from definer functions');
SELECT isnt_definer('sec_check', 'upload_pack', ARRAY['text', 'jsonb', 'text[]'], 'upload_pack grants nothing: only the owner can write packs');
SELECT is((SELECT count(*)::int FROM pg_class WHERE oid IN ('sec_check.runs'::regclass, 'sec_check.results'::regclass) AND relrowsecurity), 2,
          'row-level security guards runs and results (evidence)');
SELECT is((SELECT count(*)::int FROM sec_check.packs WHERE sha256 IS DISTINCT FROM sec_check.pack_sha256(pack, allow_side_effects)), 0,
          'every stored pack matches its recorded hash');
SELECT has_column('sec_check', 'latest_results', 'posted_by', 'latest_results shows who posted each verdict');
SELECT col_is_pk('sec_check', 'runs', 'id', 'runs.id is the primary key');
SELECT col_is_pk('sec_check', 'results', ARRAY['run_id', 'ordinal']);
SELECT fk_ok('sec_check', 'results', 'run_id', 'sec_check', 'runs', 'id');
SELECT is((SELECT count(*)::int FROM sec_check.packs WHERE builtin), 1, 'the builtin pack is installed');
SELECT is(sec_check.build_id() ~ '^[0-9a-f]{16}$', true, 'build id is a 16-hex-digit hash');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'sec_check'), (SELECT default_version FROM pg_available_extensions WHERE name = 'sec_check'), 'installed version');

SELECT is((SELECT count(*)::int FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
            WHERE e.extname = 'sec_check' AND d.classid = 'pg_namespace'::regclass
              AND d.objid = 'sec_check'::regnamespace AND d.deptype = 'e'), 1,
          'the schema belongs to the extension, so DROP EXTENSION removes it');

SELECT * FROM finish();
ROLLBACK;
