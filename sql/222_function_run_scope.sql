-- since: 0.2.0
-- Findings are tracked per scope (the audited database) and pack (the report name of the
-- check pack), both read from the stored report document. No SET clause, so it inlines.
CREATE OR REPLACE FUNCTION sec_check.run_scope(p_report jsonb, OUT scope text, OUT pack text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT coalesce(nullif(p_report #>> '{run,server,database}', ''), '(unknown)'),
         coalesce(nullif(p_report #>> '{report,report_name}', ''), '(unnamed pack)')
$$;

REVOKE ALL ON FUNCTION sec_check.run_scope(jsonb) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.run_scope(jsonb) IS
  'Scope (audited database) and pack (report name of the check pack) of a stored report document.';
