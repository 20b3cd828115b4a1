-- since: 0.3.0
-- The one writer of sec_check.pii_findings. origin 'database' is accepted only from
-- sec_check.pii_scan() (read from the PL/pgSQL call stack, as record_database_run does);
-- origin 'cli' is a scan posted by sec-check pii --store, by a role granted this function
-- (sec_check.grant_pii_access). Times, the poster and the database are the server's.
CREATE OR REPLACE FUNCTION sec_check.record_pii_findings(p_scan jsonb, p_origin text)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_stack  text;
  v_scan   bigint;
BEGIN
  IF p_origin IS DISTINCT FROM 'database' AND p_origin IS DISTINCT FROM 'cli' THEN
    RAISE EXCEPTION 'sec_check.record_pii_findings: origin must be database or cli, not %', coalesce(p_origin, 'NULL') USING ERRCODE = '22023';
  END IF;
  IF p_origin = 'database' THEN
    GET DIAGNOSTICS v_stack = PG_CONTEXT;
    IF split_part(v_stack, E'\n', 2) !~ '^PL/pgSQL function sec_check\.pii_scan\(jsonb\) line [0-9]+ at assignment$' THEN
      RAISE EXCEPTION 'sec_check.record_pii_findings: only sec_check.pii_scan() records in-database scans'
        USING ERRCODE = '42501', HINT = 'Run SELECT * FROM sec_check.pii_scan(); the CLI posts with origin cli.';
    END IF;
  END IF;
  IF jsonb_typeof(p_scan) IS DISTINCT FROM 'object' OR p_scan ->> 'format' IS DISTINCT FROM 'sec_check-pii'
     OR jsonb_typeof(p_scan -> 'findings') IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'sec_check.record_pii_findings: not a sec_check-pii document (format "sec_check-pii" with a findings array)' USING ERRCODE = '22023';
  END IF;
  IF p_scan ->> 'database' IS DISTINCT FROM current_database() THEN
    RAISE EXCEPTION 'sec_check.record_pii_findings: the scan is of database %, this is %', p_scan ->> 'database', current_database() USING ERRCODE = '22023';
  END IF;
  v_scan := nextval('sec_check.pii_scan_ids');
  INSERT INTO sec_check.pii_findings (scan_id, origin, schema_name, table_name, column_name, rule_id, category, severity,
                                      match_count, sampled, masked_sample, primary_key, confidence, sampling)
  SELECT v_scan, p_origin, f.schema_name, f.table_name, f.column_name, f.rule_id, f.category, f.severity,
         f.match_count, f.sampled, f.masked_sample, coalesce(f.primary_key, '{}'::jsonb), f.confidence, f.sampling
    FROM jsonb_to_recordset(p_scan -> 'findings') AS f(schema_name text, table_name text, column_name text, rule_id text,
         category text, severity text, match_count integer, sampled integer, masked_sample text, primary_key jsonb,
         confidence real, sampling text);
  RETURN v_scan;
END
$$;

REVOKE ALL ON FUNCTION sec_check.record_pii_findings(jsonb, text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.record_pii_findings(jsonb, text) IS
  'Stores a PII scan document''s findings under a new scan id and returns it. origin database: only from sec_check.pii_scan(); origin cli: sec-check pii --store. Masked samples only (a CHECK refuses unmasked ones).';
