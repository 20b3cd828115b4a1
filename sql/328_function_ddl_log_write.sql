-- since: 0.4.0
-- The one place rows enter the trail (called by ddl_capture for a DDL command's objects and
-- by ddl_log_append for the trail's own events): take the chain head row's lock, number the
-- rows after the head (id order is chain order, without gaps), set each row's time, link and
-- hash them, write them and the new head in one statement, and announce the
-- newest id on channel sec_check_ddl (notify 'id': one notification per call; 'full': one
-- per row). The lock serializes appends: under READ COMMITTED a second appender waits and
-- then sees the first one's head; under REPEATABLE READ or SERIALIZABLE the head row changed
-- since its snapshot, so it fails with a serialization error (40001) instead of forking. A
-- head row at 0 (fresh from the install script, e.g. after a pg_dump restore) links to the
-- log's newest row; with p_from_trigger and an empty log nothing is written and NULL is
-- returned: a restore that has not loaded the log yet. Not SECURITY DEFINER and granted to
-- nobody: it runs inside the SECURITY DEFINER callers, whose pinned settings it inherits.
CREATE OR REPLACE FUNCTION sec_check.ddl_log_write(p_rows sec_check.ddl_log[], p_notify text, p_from_trigger boolean DEFAULT false)
RETURNS bigint
LANGUAGE plpgsql
AS $fn$
#variable_conflict error
DECLARE
  v_row sec_check.ddl_log;
  v_at constant timestamptz := pg_catalog.clock_timestamp();
  v_id bigint;
  v_prev text;
  v_notified text;
BEGIN
  SELECT c.last_id, c.last_hash INTO v_id, v_prev FROM sec_check.ddl_chain c WHERE c.singleton FOR UPDATE;
  IF v_id = 0 THEN
    SELECT g.id, g.row_hash INTO v_id, v_prev FROM sec_check.ddl_log g ORDER BY g.id DESC LIMIT 1;
    IF v_id IS NULL THEN
      IF p_from_trigger THEN
        RETURN NULL;
      END IF;
      v_id := 0;
      v_prev := pg_catalog.repeat('0', 64);
    END IF;
  ELSIF v_id IS NULL THEN
    RAISE EXCEPTION 'sec_check: the DDL trail''s head row (sec_check.ddl_chain) is missing, nothing can be recorded'
      USING HINT = 'Reinstall the extension (pg_dump keeps the trail).';
  END IF;
  FOR i IN 1 .. pg_catalog.cardinality(p_rows) LOOP
    v_row := p_rows[i];
    v_row.id := v_id + i;
    v_row.at := v_at;
    v_row.prev_hash := v_prev;
    v_prev := sec_check.ddl_log_hash(v_row);
    v_row.row_hash := v_prev;
    p_rows[i] := v_row;
  END LOOP;
  WITH ins AS (INSERT INTO sec_check.ddl_log SELECT * FROM pg_catalog.unnest(p_rows))
  UPDATE sec_check.ddl_chain SET last_id = v_row.id, last_hash = v_prev WHERE singleton
  RETURNING CASE WHEN p_notify = 'id'
                 THEN pg_catalog.pg_notify('sec_check_ddl', pg_catalog.json_build_object('id', v_row.id, 'database', v_row.database_name)::text)::text END
    INTO v_notified;
  IF p_notify = 'full' THEN
    PERFORM pg_catalog.pg_notify('sec_check_ddl', pg_catalog.json_build_object(
      'id', r.id, 'database', r.database_name, 'at', r.at, 'event', r.event,
      'command_tag', r.command_tag, 'object_type', r.object_type,
      'object_identity', pg_catalog.left(r.object_identity, 1000), 'session_user', r.session_user_name,
      'current_user', r.current_user_name, 'client_addr', r.client_addr)::text)
      FROM pg_catalog.unnest(p_rows) r;
  END IF;
  RETURN v_row.id;
END
$fn$;
COMMENT ON FUNCTION sec_check.ddl_log_write(sec_check.ddl_log[], text, boolean) IS
  'Internal: numbers, links, hashes and writes rows into sec_check.ddl_log under the chain head''s lock and announces them on channel sec_check_ddl. Granted to nobody; called by sec_check.ddl_capture and ddl_log_append.';
REVOKE ALL ON FUNCTION sec_check.ddl_log_write(sec_check.ddl_log[], text, boolean) FROM PUBLIC;
