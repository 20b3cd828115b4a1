-- since: 0.2.0
-- Records the current chain head (meant to be called once per audit run, from
-- record_run; also usable from cron). SECURITY DEFINER: callers need no INSERT grant.
CREATE OR REPLACE FUNCTION sec_check.ddl_log_record_head(p_run_id bigint DEFAULT NULL)
RETURNS bigint
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  INSERT INTO sec_check.ddl_log_heads (run_id, head_id, head_hash)
  SELECT p_run_id, l.id, l.row_hash FROM sec_check.ddl_log l ORDER BY l.id DESC LIMIT 1
  RETURNING head_id
$$;
COMMENT ON FUNCTION sec_check.ddl_log_record_head(bigint) IS
  'Records the DDL trail''s current head (id and hash) in sec_check.ddl_log_heads, optionally for an audit run; returns the head id, or NULL when the trail is empty.';
