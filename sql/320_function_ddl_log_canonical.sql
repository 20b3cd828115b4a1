-- since: 0.2.0
-- The bytes each row's hash covers: a JSON array of the columns, the timestamp written in
-- UTC, so the hash does not depend on the session's TimeZone, DateStyle or client encoding.
-- row_hash itself is left out; prev_hash is put in front by the caller. Every name is
-- schema-qualified and there is no SET clause, so the planner inlines it (STABLE: to_char is)
-- into ddl_log_write and ddl_log_verify. Until 0.3.0 this was jsonb_build_array(...)::text;
-- json_build_array gives the same text for these types (numbers, booleans, null, strings
-- escaped by the same routine, ", " between elements) at a third less cost per DDL, so rows
-- written by older releases verify unchanged (test/pgtap/30_ddl_trail.sql compares both).
CREATE OR REPLACE FUNCTION sec_check.ddl_log_canonical(p_row sec_check.ddl_log)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT pg_catalog.json_build_array(
    p_row.id, pg_catalog.to_char(p_row.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    p_row.event, p_row.command_tag, p_row.object_type, p_row.object_identity, p_row.schema_name,
    p_row.in_extension, p_row.session_user_name, p_row.current_user_name,
    p_row.client_addr::text, p_row.client_port, p_row.server_addr::text, p_row.server_port,
    p_row.application_name, p_row.backend_pid, p_row.transaction_id, p_row.database_name,
    p_row.statement, p_row.statement_truncated)::text
$$;
COMMENT ON FUNCTION sec_check.ddl_log_canonical(sec_check.ddl_log) IS
  'Canonical text of a sec_check.ddl_log row (all columns but the hashes) that the hash chain covers.';
