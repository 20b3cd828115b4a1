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
