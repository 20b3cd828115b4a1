-- since: 0.2.0
-- The trail for people and dashboards: newest first, who, from where, what.
CREATE OR REPLACE VIEW sec_check.ddl_activity AS
SELECT l.id, l.at, l.command_tag, l.object_type, l.object_identity, l.schema_name,
       l.session_user_name, l.current_user_name,
       CASE WHEN l.client_addr IS NULL THEN 'local'
            ELSE host(l.client_addr) || coalesce(':' || l.client_port, '') END AS client,
       l.application_name, l.database_name, l.event, l.in_extension, l.statement,
       l.statement_truncated, l.backend_pid, l.transaction_id, l.server_addr, l.server_port
  FROM sec_check.ddl_log l
 ORDER BY l.id DESC;
COMMENT ON VIEW sec_check.ddl_activity IS
  'The DDL trail, newest first: when, command tag, object, session and current user, client (address:port or local), application, database and the statement (passwords masked).';
COMMENT ON COLUMN sec_check.ddl_activity.id IS 'Trail row id (ddl_log.id).';
COMMENT ON COLUMN sec_check.ddl_activity.at IS 'When the DDL ran (transaction time).';
COMMENT ON COLUMN sec_check.ddl_activity.command_tag IS 'Command tag (CREATE TABLE, DROP ROLE, ...).';
COMMENT ON COLUMN sec_check.ddl_activity.object_type IS 'Type of the object changed.';
COMMENT ON COLUMN sec_check.ddl_activity.object_identity IS 'The object, fully qualified.';
COMMENT ON COLUMN sec_check.ddl_activity.schema_name IS 'Schema of the object.';
COMMENT ON COLUMN sec_check.ddl_activity.session_user_name IS 'Session user that ran the DDL.';
COMMENT ON COLUMN sec_check.ddl_activity.current_user_name IS 'Current user (after SET ROLE) that ran it.';
COMMENT ON COLUMN sec_check.ddl_activity.client IS 'Client address:port, or local for a Unix socket.';
COMMENT ON COLUMN sec_check.ddl_activity.application_name IS 'application_name of the session.';
COMMENT ON COLUMN sec_check.ddl_activity.database_name IS 'Database where it ran.';
COMMENT ON COLUMN sec_check.ddl_activity.event IS 'Event trigger event that recorded it (ddl_command_end, sql_drop, table_rewrite, login).';
COMMENT ON COLUMN sec_check.ddl_activity.in_extension IS 'Whether it ran inside an extension script.';
COMMENT ON COLUMN sec_check.ddl_activity.statement IS 'The statement, passwords masked.';
COMMENT ON COLUMN sec_check.ddl_activity.statement_truncated IS 'Whether the statement was cut to the configured length.';
COMMENT ON COLUMN sec_check.ddl_activity.backend_pid IS 'Backend process id.';
COMMENT ON COLUMN sec_check.ddl_activity.transaction_id IS 'Transaction id.';
COMMENT ON COLUMN sec_check.ddl_activity.server_addr IS 'Server address the client connected to.';
COMMENT ON COLUMN sec_check.ddl_activity.server_port IS 'Server port.';
