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
