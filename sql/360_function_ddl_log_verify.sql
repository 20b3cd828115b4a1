-- since: 0.2.0
-- Walks the chain once in id order. A row whose hash does not match its content was
-- changed; a row whose prev_hash is not the previous row's hash has rows deleted or
-- inserted before it. A deleted tail leaves a valid chain, so it is caught against heads
-- seen earlier: the chain lock row, every head recorded in ddl_log_heads, and optionally a
-- head the caller kept outside the database (sec-check listen --heads).
-- Note: the chain has no secret key. Someone who can write the table can rebuild every
-- hash after a change; heads kept outside the database are what catches that.
CREATE OR REPLACE FUNCTION sec_check.ddl_log_verify(p_head_id bigint DEFAULT NULL, p_head_hash text DEFAULT NULL)
RETURNS TABLE (ok boolean, rows_checked bigint, first_bad_id bigint, detail text)
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_rows bigint;
  v_last_id bigint;
  v_bad record;
  v_head record;
BEGIN
  SELECT count(*), max(l.id) INTO v_rows, v_last_id FROM sec_check.ddl_log l;
  SELECT c.id, c.prev_id, c.changed INTO v_bad
    FROM (SELECT l.id, lag(l.id) OVER w AS prev_id,
                 sec_check.ddl_log_hash(l) <> l.row_hash AS changed,
                 l.prev_hash <> coalesce(lag(l.row_hash) OVER w, repeat('0', 64)) AS unlinked
            FROM sec_check.ddl_log l
          WINDOW w AS (ORDER BY l.id)) c
   WHERE c.changed OR c.unlinked
   ORDER BY c.id LIMIT 1;
  IF FOUND THEN
    RETURN QUERY SELECT false, v_rows, v_bad.id,
      CASE WHEN v_bad.changed
           THEN format('row %s does not match its hash: it was changed (or forged)', v_bad.id)
           WHEN v_bad.prev_id IS NULL
           THEN format('row %s is first but does not start the chain: rows before it were deleted', v_bad.id)
           ELSE format('row %s does not link to row %s: rows between them were deleted or inserted, or row %s was replaced', v_bad.id, v_bad.prev_id, v_bad.prev_id) END;
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM sec_check.ddl_chain WHERE singleton) THEN
    RETURN QUERY SELECT false, v_rows, NULL::bigint,
      'the chain head row (sec_check.ddl_chain) was deleted: nothing can be recorded until the extension is reinstalled'::text;
    RETURN;
  END IF;
  -- heads seen earlier must still be there, unchanged
  FOR v_head IN
    SELECT h.head_id, h.head_hash, h.what FROM (
      SELECT p_head_id AS head_id, p_head_hash AS head_hash, 'the head given to ddl_log_verify' AS what
       WHERE p_head_id IS NOT NULL
      UNION ALL
      SELECT c.last_id, c.last_hash, 'the chain head' FROM sec_check.ddl_chain c WHERE c.last_id > 0
      UNION ALL
      SELECT h.head_id, h.head_hash, format('the head recorded%s at %s', ' by run ' || h.run_id, h.recorded_at)
        FROM sec_check.ddl_log_heads h) h
     ORDER BY h.head_id
  LOOP
    IF NOT EXISTS (SELECT 1 FROM sec_check.ddl_log l WHERE l.id = v_head.head_id) THEN
      RETURN QUERY SELECT false, v_rows, v_head.head_id,
        format('row %s (%s) is missing: the trail ends at %s, its tail was deleted', v_head.head_id, v_head.what, coalesce(v_last_id::text, 'nothing'));
      RETURN;
    END IF;
    IF p_head_hash IS NOT NULL OR v_head.what <> 'the head given to ddl_log_verify' THEN
      IF NOT EXISTS (SELECT 1 FROM sec_check.ddl_log l WHERE l.id = v_head.head_id AND l.row_hash = v_head.head_hash) THEN
        RETURN QUERY SELECT false, v_rows, v_head.head_id,
          format('row %s has another hash than %s: the chain was rewritten from there on', v_head.head_id, v_head.what);
        RETURN;
      END IF;
    END IF;
  END LOOP;
  RETURN QUERY SELECT true, v_rows, NULL::bigint,
    format('%s rows, chain intact%s', v_rows, CASE WHEN v_last_id IS NOT NULL THEN ', head ' || v_last_id END);
END
$$;
COMMENT ON FUNCTION sec_check.ddl_log_verify(bigint, text) IS
  'Verifies the DDL trail''s hash chain: ok, rows checked, the first bad row id and what is wrong (changed, deleted or inserted rows; a deleted tail against the chain head, recorded heads and an optional head kept outside the database).';
