-- The DDL trail's objects, their security attributes, and one DDL recorded and verified.
BEGIN;
SELECT plan(25);

SELECT has_table('sec_check', 'ddl_log', 'ddl_log table');
SELECT has_table('sec_check', 'ddl_log_heads', 'ddl_log_heads table');
SELECT has_view('sec_check', 'ddl_activity', 'ddl_activity view');
SELECT is_definer('sec_check', 'ddl_capture', ARRAY[]::text[], 'the trigger function writes as the extension owner');
SELECT is_definer('sec_check', 'ddl_log_append', ARRAY['text', 'text', 'text', 'text', 'text', 'boolean', 'text', 'boolean', 'text']);
SELECT is_definer('sec_check', 'ddl_log_verify', ARRAY['bigint', 'text']);
SELECT isnt_definer('sec_check', 'ddl_audit_enable', ARRAY['jsonb'], 'enabling needs the caller to be a superuser');
SELECT function_returns('sec_check', 'ddl_capture', ARRAY[]::text[], 'event_trigger');
SELECT is(sec_check.ddl_trail_code_hash(), sec_check.ddl_trail_expected_hash(), 'the installed trigger code matches its fingerprint');
SELECT is((SELECT statement FROM sec_check.ddl_mask_statement($q$ALTER ROLE r PASSWORD 'p1'; CREATE SUBSCRIPTION s CONNECTION 'host=h password=p2' PUBLICATION p$q$, 100)),
          $q$ALTER ROLE r PASSWORD '***'; CREATE SUBSCRIPTION s CONNECTION 'host=h password=***' PUBLICATION p$q$, 'passwords are masked');
SELECT is((SELECT statement || '|' || truncated FROM sec_check.ddl_mask_statement($q$ALTER ROLE r PASSWORD 'secret-at-the-end'$q$, 23)),
          $q$ALTER ROLE r PASSWORD ' ... [sec_check: truncated, 27 characters in all]|true$q$, 'masked before the cut');
-- the canonical text is the one 0.3.0 hashed (jsonb_build_array), so old rows still verify
SELECT is((SELECT count(*)::int FROM (VALUES
            (ROW(1, '2026-01-01 00:00:00.123456+00', 'e', E'tag "quoted" \ back
slash', NULL, 'ïdent ü 😀', 's', true, 'u', 'v',
                 '10.0.0.1', 5432, '::1', 1, E'	 app', 42, 9007199254740993, 'db', E'stmt   ', false, 'p', 'h')::sec_check.ddl_log),
            (ROW(9223372036854775807, '1999-12-31 23:59:59.999999-12', '', '', '', '', '', NULL, 'x', 'y', NULL, NULL, NULL, NULL, NULL, 0, NULL, 'd', NULL, true, '', '')::sec_check.ddl_log)) v(r)
           WHERE sec_check.ddl_log_canonical(r) IS DISTINCT FROM pg_catalog.jsonb_build_array(
             (r).id, pg_catalog.to_char((r).at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
             (r).event, (r).command_tag, (r).object_type, (r).object_identity, (r).schema_name,
             (r).in_extension, (r).session_user_name, (r).current_user_name,
             (r).client_addr::text, (r).client_port, (r).server_addr::text, (r).server_port,
             (r).application_name, (r).backend_pid, (r).transaction_id, (r).database_name,
             (r).statement, (r).statement_truncated)::text), 0,
          'the canonical text equals 0.3.0''s jsonb form for awkward values');
SELECT is((SELECT count(*)::int FROM pg_event_trigger t JOIN pg_depend d ON d.classid = 'pg_event_trigger'::regclass AND d.objid = t.oid AND d.deptype = 'e'
            WHERE t.evtfoid = 'sec_check.ddl_capture()'::regprocedure AND t.evtenabled = 'D'),
          CASE WHEN current_setting('server_version_num')::int >= 170000 THEN 4 ELSE 3 END,
          'the trail''s event triggers come with the extension, disabled');
SELECT is((sec_check.ddl_audit_options('{}') ->> 'strict')::boolean, true, 'strict by default');

SELECT lives_ok($$SELECT sec_check.ddl_audit_enable()$$, 'ddl_audit_enable');
SELECT is((SELECT string_agg(t.evtevent || '=' || t.evtenabled::text, ',' ORDER BY t.evtevent) FROM pg_event_trigger t JOIN pg_depend d ON d.classid = 'pg_event_trigger'::regclass
             AND d.objid = t.oid AND d.deptype = 'e'
            WHERE t.evtfoid = 'sec_check.ddl_capture()'::regprocedure AND t.evtevent <> 'login'),
          'ddl_command_end=A,sql_drop=A,table_rewrite=A', 'three event triggers, members of the extension, firing always (also in replica mode)');
CREATE TABLE tap_trail_t (x int);
SELECT is((SELECT count(*)::int FROM sec_check.ddl_log WHERE object_identity = 'public.tap_trail_t' AND command_tag = 'CREATE TABLE'), 1,
          'CREATE TABLE is recorded once');
SELECT is((SELECT ok FROM sec_check.ddl_log_verify()), true, 'the chain verifies');

CREATE ROLE sec_check_tap_trail LOGIN;
GRANT USAGE ON SCHEMA sec_check TO sec_check_tap_trail;
SET LOCAL ROLE sec_check_tap_trail;
SELECT throws_ok($$INSERT INTO sec_check.ddl_log (id, at, event, command_tag, session_user_name, current_user_name, backend_pid, database_name, prev_hash, row_hash)
                   VALUES (0, now(), 'x', 'x', 'x', 'x', 0, 'x', 'x', 'x')$$, '42501', NULL, 'nobody else can write the trail');
SELECT throws_ok($$SELECT sec_check.ddl_log_append('x', 'x', NULL, NULL, NULL, NULL, NULL, false)$$, '42501', NULL, 'nor call its append function');
SELECT throws_ok($$SELECT sec_check.ddl_log_write('{}', 'id')$$, '42501', NULL, 'nor its writer');
SELECT throws_ok($$SELECT sec_check.ddl_audit_sync()$$, '42501', NULL, 'nor switch its triggers');
RESET ROLE;

SELECT is(sec_check.ddl_audit_disable(), 3, 'ddl_audit_disable switches the three triggers off');
SELECT is((SELECT count(*)::int FROM pg_event_trigger t WHERE t.evtfoid = 'sec_check.ddl_capture()'::regprocedure AND t.evtenabled <> 'D'), 0,
          'they stay, disabled');
SELECT is((SELECT command_tag FROM sec_check.ddl_log ORDER BY id DESC LIMIT 1), 'DDL AUDIT DISABLE', 'and records that it did');

SELECT * FROM finish();
ROLLBACK;
