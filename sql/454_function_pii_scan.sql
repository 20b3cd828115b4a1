-- since: 0.3.0
-- PII discovery inside the database: the engine lists the readable text/json/number columns,
-- samples each table once (TABLESAMPLE SYSTEM on large tables, LIMIT on small ones) through
-- sec_check.safe_query (read-only, rolled back) with the caller's privileges, classifies
-- the values with the bundled rules and returns masked findings; they are stored in
-- sec_check.pii_findings under one scan id.
CREATE OR REPLACE FUNCTION sec_check.pii_scan(p_options jsonb DEFAULT '{}')
RETURNS SETOF sec_check.pii_findings
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_doc  jsonb;
  v_scan bigint;
  v_lang name;
BEGIN
  SELECT l.lanname INTO v_lang FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
   WHERE p.oid = 'sec_check.engine(jsonb)'::pg_catalog.regprocedure;
  -- pljs swallows SIGINT/SIGTERM in every backend that loads it (see sec_check.run()).
  IF v_lang = 'pljs' THEN
    RAISE NOTICE 'sec_check runs on pljs: a cancel or statement_timeout does not stop this scan, and from now on no SQL statement of this session can be cancelled'
      USING HINT = 'Bound the scan with schemas, max_tables and sample_rows, and disconnect when it is done.';
  END IF;
  v_doc := sec_check.engine(jsonb_build_object('op', 'pii', 'options', coalesce(p_options, '{}'::jsonb), 'build_id', sec_check.build_id()));
  IF v_doc ? 'sec_check_error' THEN
    RAISE EXCEPTION '%', v_doc ->> 'sec_check_error' USING ERRCODE = '22023';
  END IF;
  v_scan := sec_check.record_pii_findings(v_doc, 'database');
  RETURN QUERY SELECT * FROM sec_check.pii_findings f WHERE f.scan_id = v_scan ORDER BY f.id;
END
$$;

REVOKE ALL ON FUNCTION sec_check.pii_scan(jsonb) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.pii_scan(jsonb) IS
  'Finds personal data (e-mail, phone, cards, IBAN, INN, SNILS, passports, SSN, IP addresses, secrets, password hashes) in the table columns the caller can read, from a bounded sample per table; stores and returns masked findings. Options: schemas, exclude_tables ("schema.table" or "table"), sample_rows (200), max_tables (1000), tablesample_min_rows (100000), max_value_chars (4096), max_json_leaves (64).';
