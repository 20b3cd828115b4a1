-- since: 0.2.0
-- Appends one row to the trail and links it into the hash chain. Called by the event
-- trigger function and by ddl_audit_enable/disable (which event triggers cannot see).
-- SECURITY DEFINER: the row is written as the extension owner, so the role doing the DDL
-- needs no privilege on the trail, and nobody else is granted INSERT. Not granted to
-- anyone: a caller could otherwise add rows of its choosing. A tail deleted behind the
-- head row's back shows up at the next append: the new row links to the deleted one.
CREATE OR REPLACE FUNCTION sec_check.ddl_log_append(
  p_event text, p_command_tag text, p_object_type text, p_object_identity text,
  p_schema_name text, p_in_extension boolean, p_statement text, p_statement_truncated boolean,
  p_notify text DEFAULT 'id')
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_row sec_check.ddl_log;
BEGIN
  -- Serialize appends: waits for a concurrent appender (READ COMMITTED), or fails with a
  -- serialization error (REPEATABLE READ) rather than linking to a stale head.
  -- The head row says what to link to (O(1)). At 0 it is fresh from the install script,
  -- e.g. after a pg_dump restore brought the trail back: then the log's last row is the head.
  SELECT c.last_id, c.last_hash INTO v_row.id, v_row.prev_hash FROM sec_check.ddl_chain c WHERE c.singleton FOR UPDATE;
  IF v_row.id = 0 THEN
    SELECT l.row_hash INTO v_row.prev_hash FROM sec_check.ddl_log l ORDER BY l.id DESC LIMIT 1;
    v_row.prev_hash := coalesce(v_row.prev_hash, repeat('0', 64));
  END IF;
  v_row.id := nextval('sec_check.ddl_log_id_seq');
  v_row.at := clock_timestamp();
  v_row.event := p_event;
  v_row.command_tag := p_command_tag;
  v_row.object_type := p_object_type;
  v_row.object_identity := p_object_identity;
  v_row.schema_name := p_schema_name;
  v_row.in_extension := p_in_extension;
  v_row.session_user_name := session_user;
  -- Inside a SECURITY DEFINER function current_user is the owner; the role the session
  -- acts as (SET ROLE) is still in the "role" setting. DDL run inside another SECURITY
  -- DEFINER function is therefore attributed to the SET ROLE role, not that owner.
  v_row.current_user_name := CASE WHEN current_setting('role') = 'none' THEN session_user
                                  ELSE current_setting('role') END;
  v_row.client_addr := inet_client_addr();
  v_row.client_port := inet_client_port();
  v_row.server_addr := inet_server_addr();
  v_row.server_port := inet_server_port();
  v_row.application_name := current_setting('application_name', true);
  v_row.backend_pid := pg_backend_pid();
  v_row.transaction_id := txid_current();
  v_row.database_name := current_database();
  v_row.statement := p_statement;
  v_row.statement_truncated := coalesce(p_statement_truncated, false);
  v_row.row_hash := sec_check.ddl_log_hash(v_row);
  INSERT INTO sec_check.ddl_log SELECT (v_row).*;
  UPDATE sec_check.ddl_chain SET last_id = v_row.id, last_hash = v_row.row_hash WHERE singleton;
  IF p_notify = 'id' THEN
    PERFORM pg_notify('sec_check_ddl', json_build_object('id', v_row.id, 'database', v_row.database_name)::text);
  ELSIF p_notify = 'full' THEN
    PERFORM pg_notify('sec_check_ddl', json_build_object(
      'id', v_row.id, 'database', v_row.database_name, 'at', v_row.at, 'event', v_row.event,
      'command_tag', v_row.command_tag, 'object_type', v_row.object_type,
      'object_identity', left(v_row.object_identity, 1000), 'session_user', v_row.session_user_name,
      'current_user', v_row.current_user_name, 'client_addr', v_row.client_addr)::text);
  END IF;
  RETURN v_row.id;
END
$$;
COMMENT ON FUNCTION sec_check.ddl_log_append(text, text, text, text, text, boolean, text, boolean, text) IS
  'Internal: appends one hash-chained row to sec_check.ddl_log and announces it on channel sec_check_ddl. Granted to nobody; called by sec_check.ddl_capture and ddl_audit_enable/disable.';
