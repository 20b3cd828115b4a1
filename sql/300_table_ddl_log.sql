-- since: 0.2.0
-- The DDL trail: one row per object touched by a DDL command, written by the event trigger
-- function in the same transaction as the command. Rows form a hash chain: row_hash covers
-- prev_hash and the row's content (sec_check.ddl_log_canonical), so a changed, inserted or
-- deleted row breaks the chain (sec_check.ddl_log_verify). Ids come from ddl_log_id_seq,
-- taken only while the chain is locked, so id order is chain order.
CREATE SEQUENCE sec_check.ddl_log_id_seq;
CREATE TABLE sec_check.ddl_log (
  id                  bigint PRIMARY KEY,
  at                  timestamptz NOT NULL,
  event               text NOT NULL,
  command_tag         text NOT NULL,
  object_type         text,
  object_identity     text,
  schema_name         text,
  in_extension        boolean,
  session_user_name   name NOT NULL,
  current_user_name   name NOT NULL,
  client_addr         inet,
  client_port         integer,
  server_addr         inet,
  server_port         integer,
  application_name    text,
  backend_pid         integer NOT NULL,
  transaction_id      bigint,
  database_name       name NOT NULL,
  statement           text,
  statement_truncated boolean NOT NULL DEFAULT false,
  prev_hash           text NOT NULL,
  row_hash            text NOT NULL
);
CREATE INDEX ddl_log_at_idx ON sec_check.ddl_log (at);
COMMENT ON INDEX sec_check.ddl_log_at_idx IS 'Time windows of the trail (sec_check.ddl_activity, sec-check ddl --since/--until).';
COMMENT ON SEQUENCE sec_check.ddl_log_id_seq IS
  'Ids of sec_check.ddl_log rows; drawn only by sec_check.ddl_log_append while it holds the chain lock.';
COMMENT ON TABLE sec_check.ddl_log IS
  'sec_check DDL trail: who (session and current user), from where (client/server address and port, application), what (event, tag, object) and the statement (passwords masked, size bounded). Hash-chained; written only by sec_check.ddl_log_append. Verify with sec_check.ddl_log_verify().';
COMMENT ON COLUMN sec_check.ddl_log.id IS 'Trail row id, gap-free in chain order.';
COMMENT ON COLUMN sec_check.ddl_log.at IS 'When the DDL ran (transaction time).';
COMMENT ON COLUMN sec_check.ddl_log.event IS 'Event trigger event that recorded it.';
COMMENT ON COLUMN sec_check.ddl_log.command_tag IS 'Command tag (CREATE TABLE, DROP ROLE, ...).';
COMMENT ON COLUMN sec_check.ddl_log.object_type IS 'Type of the object changed.';
COMMENT ON COLUMN sec_check.ddl_log.object_identity IS 'The object, fully qualified.';
COMMENT ON COLUMN sec_check.ddl_log.schema_name IS 'Schema of the object.';
COMMENT ON COLUMN sec_check.ddl_log.in_extension IS 'Whether it ran inside an extension script.';
COMMENT ON COLUMN sec_check.ddl_log.session_user_name IS 'Session user that ran the DDL.';
COMMENT ON COLUMN sec_check.ddl_log.current_user_name IS 'Current user (after SET ROLE).';
COMMENT ON COLUMN sec_check.ddl_log.client_addr IS 'Client address (NULL for a Unix socket).';
COMMENT ON COLUMN sec_check.ddl_log.client_port IS 'Client port.';
COMMENT ON COLUMN sec_check.ddl_log.server_addr IS 'Server address the client connected to.';
COMMENT ON COLUMN sec_check.ddl_log.server_port IS 'Server port.';
COMMENT ON COLUMN sec_check.ddl_log.application_name IS 'application_name of the session.';
COMMENT ON COLUMN sec_check.ddl_log.backend_pid IS 'Backend process id.';
COMMENT ON COLUMN sec_check.ddl_log.transaction_id IS 'Transaction id.';
COMMENT ON COLUMN sec_check.ddl_log.database_name IS 'Database where it ran.';
COMMENT ON COLUMN sec_check.ddl_log.statement IS 'The statement, passwords masked.';
COMMENT ON COLUMN sec_check.ddl_log.statement_truncated IS 'Whether the statement was cut to the configured length.';
COMMENT ON COLUMN sec_check.ddl_log.prev_hash IS 'row_hash of the previous row (64 zeros for the first).';
COMMENT ON COLUMN sec_check.ddl_log.row_hash IS 'sha256(prev_hash || canonical row), hex: the hash chain.';
