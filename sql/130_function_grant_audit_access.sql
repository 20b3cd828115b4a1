-- One call instead of a list of GRANTs that must be kept in step with the extension.
CREATE FUNCTION @extschema@.grant_audit_access(p_role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA @extschema@ TO %s', p_role);
  EXECUTE format('GRANT EXECUTE ON FUNCTION @extschema@.run(text[], text, text), @extschema@.run(text, text, text),
      @extschema@.engine(jsonb), @extschema@.safe_query(text), @extschema@.pack_for_run(text),
      @extschema@.build_id(), @extschema@.record_run(jsonb), @extschema@.run_results(bigint),
      @extschema@.report_json(bigint) TO %s', p_role);
  EXECUTE format('GRANT SELECT ON @extschema@.latest_results, @extschema@.runs, @extschema@.results TO %s', p_role);
END
$$;

COMMENT ON FUNCTION @extschema@.grant_audit_access(regrole) IS
  'Lets a role run audits (sec_check.run), post agent results and read stored runs. Give it pg_monitor and pg_read_all_settings too so checks can read what they need. Run as the extension owner.';
