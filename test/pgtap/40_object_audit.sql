-- Object audit layer without pgAudit loaded: objects and their security attributes,
-- classification, the gaps view, argument validation, and the "not loaded" refusal.
BEGIN;
SELECT plan(24);

SELECT has_table('sec_check', 'classifications', 'classifications table');
SELECT has_view('sec_check', 'sensitive_columns', 'sensitive_columns view');
SELECT has_view('sec_check', 'object_audit_coverage', 'object_audit_coverage view');
SELECT has_view('sec_check', 'object_audit_gaps', 'object_audit_gaps view');
SELECT has_view('sec_check', 'sensitive_access', 'sensitive_access view');
SELECT has_view('sec_check', 'sensitive_access_summary', 'sensitive_access_summary view');
SELECT isnt_definer('sec_check', 'object_audit', ARRAY['regclass', 'text[]', 'text[]'], 'object_audit runs with the caller''s authority');
SELECT isnt_definer('sec_check', 'object_audit_remove', ARRAY['regclass', 'text[]', 'text[]'], 'and so does object_audit_remove');
SELECT is_definer('sec_check', 'classify', ARRAY['regclass', 'text', 'text'], 'classify writes as the extension owner');
SELECT ok((SELECT 'sec_check.classifications'::regclass = ANY (extconfig) FROM pg_extension WHERE extname = 'sec_check'),
          'classifications are kept by pg_dump');

CREATE TABLE tap_oa (id int, "E-mail" text, ssn text);
SELECT throws_ok($$SELECT sec_check.object_audit('tap_oa'::regclass)$$, '55000',
                 'pgaudit is not loaded, so object audit logging is unavailable', 'object_audit refuses without pgaudit');
SELECT throws_ok($$SELECT sec_check.object_audit_remove('tap_oa'::regclass)$$, '55000', NULL, 'and so does object_audit_remove');
SELECT is(sec_check.object_audit_privileges('tap_oa'::regclass, '{update, select,SELECT}', '{ssn,E-mail}'),
          'SELECT ("E-mail", ssn), UPDATE ("E-mail", ssn)', 'privilege list: actions normalized, columns quoted');
SELECT is(sec_check.object_audit_privileges('tap_oa'::regclass, '{DELETE,SELECT}', NULL), 'SELECT, DELETE', 'table-level list');
SELECT throws_ok($$SELECT sec_check.object_audit_privileges('tap_oa'::regclass, '{SELECT,NULL}', NULL)$$, '22023', NULL, 'NULL action refused');
SELECT throws_ok($$SELECT sec_check.classify('tap_oa'::regclass, 'nope', 'pii')$$, '42703', NULL, 'classify checks the column exists');

SELECT lives_ok($$SELECT sec_check.classify('tap_oa'::regclass, 'E-mail', 'pii'); SELECT sec_check.classify('tap_oa'::regclass, 'E-mail', 'contact')$$,
                'classifying twice replaces the label');
SELECT is((SELECT string_agg(format('%s|%s|%s|%s|%s', schema_name, table_name, column_name, label, source), ';')
             FROM sec_check.sensitive_columns WHERE table_name = 'tap_oa'),
          'public|tap_oa|E-mail|contact|classify', 'sensitive_columns lists it once');
SELECT is_empty($$SELECT * FROM sec_check.object_audit_coverage$$, 'no coverage without pgaudit');
SELECT is((SELECT string_agg(problem || ' ' || fix, ';') FROM sec_check.object_audit_gaps WHERE table_name = 'tap_oa'),
          $f$not_audited SELECT sec_check.object_audit('public.tap_oa'::regclass, '{SELECT}', '{E-mail}');$f$,
          'the gap and its fix, quoted');

CREATE TEMP TABLE tap_oa_verdict ON COMMIT DROP AS
  SELECT status, full_description, recommendation FROM sec_check.run('logging') WHERE check_id = 'object_audit_coverage';
SELECT is((SELECT status FROM tap_oa_verdict), 'Error', 'a classified column without pgaudit loaded is an Error');
SELECT ok((SELECT full_description LIKE '%pgAudit is not loaded%public.tap_oa."E-mail"%' AND recommendation LIKE '%shared_preload_libraries%'
             FROM tap_oa_verdict), 'naming why, the column, and the set-up');

CREATE ROLE sec_check_tap_oa LOGIN;
GRANT USAGE ON SCHEMA sec_check TO sec_check_tap_oa;
SET LOCAL ROLE sec_check_tap_oa;
SELECT throws_ok($$SELECT sec_check.classify('tap_oa'::regclass, 'ssn', 'pii')$$, '42501', NULL, 'classify is not granted to PUBLIC');
RESET ROLE;
SELECT is(sec_check.unclassify('tap_oa'::regclass, 'E-mail'), true, 'unclassify removes it');

SELECT * FROM finish();
ROLLBACK;
