-- PII discovery: objects, their security attributes, a scan of a small table, masks only.
BEGIN;
SELECT plan(20);

SELECT has_table('sec_check', 'pii_findings', 'pii_findings table');
SELECT has_function('sec_check', 'pii_scan', ARRAY['jsonb'], 'pii_scan(jsonb)');
SELECT isnt_definer('sec_check', 'pii_scan', ARRAY['jsonb'], 'the scan reads with the caller''s privileges');
SELECT is_definer('sec_check', 'record_pii_findings', ARRAY['jsonb', 'text'], 'the recorder writes as the owner');
SELECT is(has_function_privilege('public', 'sec_check.pii_scan(jsonb)', 'EXECUTE'), false, 'PUBLIC cannot run pii_scan');
SELECT is(has_function_privilege('public', 'sec_check.record_pii_findings(jsonb, text)', 'EXECUTE'), false, 'nor the recorder');
SELECT is((SELECT count(*)::int FROM pg_extension e, unnest(e.extconfig) AS c(oid)
            WHERE e.extname = 'sec_check' AND c.oid IN ('sec_check.pii_findings'::regclass, 'sec_check.pii_findings_id_seq'::regclass, 'sec_check.pii_scan_ids'::regclass)),
          3, 'the findings, their id sequence and the scan ids are dumped');

CREATE SCHEMA tap_pii;
CREATE TABLE tap_pii.cards (id int PRIMARY KEY, note text, cc text);
INSERT INTO tap_pii.cards SELECT g, 'mail me: tap' || g || '@example.com', '4242 4242 4242 4242' FROM generate_series(1, 20) g;
SELECT is((SELECT string_agg(column_name || '=' || category || ':' || masked_sample, ', ' ORDER BY column_name)
             FROM sec_check.pii_scan('{"schemas": ["tap_pii"]}')),
          'cc=payment_card:**** **** **** 4242, note=email:t***@e***.com', 'cards and e-mails in free text are found, masked');
SELECT is((SELECT primary_key FROM sec_check.pii_findings WHERE schema_name = 'tap_pii' AND column_name = 'cc'), '{"id": 1}'::jsonb,
          'the sampled row''s primary key');
SELECT is((SELECT count(*)::int FROM sec_check.pii_findings WHERE masked_sample LIKE '%4242 4242%' OR masked_sample LIKE '%@example.com'), 0,
          'no stored sample holds the value');
SELECT is((SELECT count(*)::int FROM sec_check.pii_scan('{"schemas": ["tap_pii"], "exclude_tables": ["cards"]}')), 0, 'an excluded table is not scanned');
-- a scan stores findings only; adopting them as sensitive columns is an explicit step
SELECT is((SELECT count(*)::int FROM sec_check.sensitive_columns WHERE schema_name = 'tap_pii'), 0,
          'a scan alone makes no column sensitive');
SELECT is((SELECT string_agg(column_name || ':' || label, ', ' ORDER BY column_name) FROM sec_check.adopt_pii_findings()),
          'cc:pii: payment_card, note:pii: email', 'adopt_pii_findings classifies the found columns');
SELECT sec_check.classify('tap_pii.cards'::regclass, 'cc', 'cardholder data');
SELECT is((SELECT string_agg(column_name || ':' || label || ':' || source, ', ' ORDER BY column_name)
             FROM sec_check.sensitive_columns WHERE schema_name = 'tap_pii'),
          'cc:cardholder data:classify, note:pii: email:pii_scan', 'a manual classification replaces an adopted one');
ALTER TABLE tap_pii.cards DROP COLUMN note;
SELECT is((SELECT problem FROM sec_check.object_audit_gaps WHERE schema_name = 'tap_pii' AND column_name = 'note'),
          'missing', 'an adopted column that was dropped is reported missing, like any classification');
-- 120 candidate columns (more than a function's 100 arguments) and a hostile schema name
DO $$ BEGIN
  EXECUTE 'CREATE SCHEMA "tap_pii''\wide"';
  EXECUTE 'CREATE TABLE "tap_pii''\wide".w (id int PRIMARY KEY, ' || (SELECT string_agg(format('c%s text', g), ', ') FROM generate_series(1, 120) g) || ')';
  EXECUTE 'INSERT INTO "tap_pii''\wide".w (id, c120) SELECT g, ''wide'' || g || ''@example.org'' FROM generate_series(1, 10) g';
END $$;
SELECT is((SELECT string_agg(table_name || '.' || column_name, ',') FROM sec_check.pii_scan(format('{"schemas": [%s]}', to_jsonb('tap_pii''\wide'::text))::jsonb)),
          'w.c120', 'the 120th column of a wide table in a schema named with a quote and a backslash');
SELECT is((SELECT schema_name FROM sec_check.pii_findings WHERE table_name = 'w'), 'tap_pii''\wide', 'the schema name is stored as it is');
SELECT throws_ok($$SELECT * FROM sec_check.pii_scan('{"max_tables": "x"}')$$, '22023', NULL, 'bad options are refused');
SELECT throws_ok($$SELECT sec_check.record_pii_findings('{"format": "sec_check-pii", "database": "postgres", "findings": []}', 'database')$$,
                 '42501', NULL, 'only pii_scan records in-database scans');
SELECT throws_ok($$INSERT INTO sec_check.pii_findings (scan_id, origin, schema_name, table_name, column_name, rule_id, category, severity,
                     match_count, sampled, masked_sample, confidence, sampling)
                   VALUES (1, 'cli', 's', 't', 'c', 'email', 'email', 'low', 1, 1, 'john@example.com', 1, 'limit')$$,
                 '23514', NULL, 'a sample without a mask is refused');

SELECT * FROM finish();
ROLLBACK;
