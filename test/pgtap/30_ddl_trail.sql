-- The DDL trail's objects, their security attributes, and one DDL recorded and verified.
BEGIN;
SELECT plan(18);

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

SELECT lives_ok($$SELECT sec_check.ddl_audit_enable()$$, 'ddl_audit_enable');
SELECT is((SELECT count(*)::int FROM pg_event_trigger t JOIN pg_depend d ON d.classid = 'pg_event_trigger'::regclass
             AND d.objid = t.oid AND d.deptype = 'e'
            WHERE t.evtfoid = 'sec_check.ddl_capture()'::regprocedure), 3, 'three event triggers, members of the extension');
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
RESET ROLE;

SELECT is(sec_check.ddl_audit_disable(), 3, 'ddl_audit_disable drops the three triggers');
SELECT is((SELECT command_tag FROM sec_check.ddl_log ORDER BY id DESC LIMIT 1), 'DDL AUDIT DISABLE', 'and records that it did');

SELECT * FROM finish();
ROLLBACK;
