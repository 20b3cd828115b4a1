-- since: 0.2.0
-- Chain heads seen at a point in time (by an audit run, or by hand). ddl_log_verify checks
-- that every recorded head is still in the log with the same hash, which catches a deleted
-- tail that the chain alone cannot show.
CREATE SEQUENCE sec_check.ddl_log_heads_id_seq;
CREATE TABLE sec_check.ddl_log_heads (
  id          bigint PRIMARY KEY DEFAULT nextval('sec_check.ddl_log_heads_id_seq'),
  run_id      bigint REFERENCES sec_check.runs (id) ON DELETE SET NULL,
  head_id     bigint NOT NULL,
  head_hash   text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by name NOT NULL DEFAULT session_user
);
ALTER SEQUENCE sec_check.ddl_log_heads_id_seq OWNED BY sec_check.ddl_log_heads.id;
COMMENT ON SEQUENCE sec_check.ddl_log_heads_id_seq IS 'Ids of sec_check.ddl_log_heads rows.';
COMMENT ON TABLE sec_check.ddl_log_heads IS
  'Heads of the sec_check.ddl_log chain recorded by sec_check.ddl_log_record_head (e.g. once per audit run); ddl_log_verify checks each is still present.';
COMMENT ON COLUMN sec_check.ddl_log_heads.id IS 'Head record id.';
COMMENT ON COLUMN sec_check.ddl_log_heads.run_id IS 'Audit run that recorded it (NULL once the run was purged).';
COMMENT ON COLUMN sec_check.ddl_log_heads.head_id IS 'Id of the newest trail row at the time.';
COMMENT ON COLUMN sec_check.ddl_log_heads.head_hash IS 'Its row_hash.';
COMMENT ON COLUMN sec_check.ddl_log_heads.recorded_at IS 'When it was recorded.';
COMMENT ON COLUMN sec_check.ddl_log_heads.recorded_by IS 'Session user that recorded it.';
