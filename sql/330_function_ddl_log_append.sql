-- since: 0.2.0
-- Appends one row for the trail's own events (ddl_audit_enable/disable, which event
-- triggers cannot see, and logins) through sec_check.ddl_log_write. SECURITY DEFINER: the row
-- is written as the extension owner, so nobody else needs a privilege on the trail. Not
-- granted to anyone: a caller could otherwise add rows of its choosing.
CREATE OR REPLACE FUNCTION sec_check.ddl_log_append(
  p_event text, p_command_tag text, p_object_type text, p_object_identity text,
  p_schema_name text, p_in_extension boolean, p_statement text, p_statement_truncated boolean,
  p_notify text DEFAULT 'id')
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = 0
AS $fn$
#variable_conflict error
BEGIN
  -- Inside a SECURITY DEFINER function current_user is the owner; the role the session acts
  -- as (SET ROLE) is still in the "role" setting.
  RETURN sec_check.ddl_log_write(ARRAY[ROW(NULL, NULL, p_event, p_command_tag, p_object_type, p_object_identity,
    p_schema_name, p_in_extension, session_user,
    CASE WHEN current_setting('role') = 'none' THEN session_user ELSE current_setting('role') END,
    inet_client_addr(), inet_client_port(), inet_server_addr(), inet_server_port(),
    current_setting('application_name', true), pg_backend_pid(), txid_current(), current_database(),
    p_statement, coalesce(p_statement_truncated, false), NULL, NULL)::sec_check.ddl_log], p_notify);
END
$fn$;
COMMENT ON FUNCTION sec_check.ddl_log_append(text, text, text, text, text, boolean, text, boolean, text) IS
  'Internal: appends one hash-chained row to sec_check.ddl_log (through ddl_log_write) and announces it on channel sec_check_ddl. Granted to nobody; called by ddl_audit_enable/disable and the login trigger.';
