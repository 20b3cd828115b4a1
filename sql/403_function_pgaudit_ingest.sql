-- since: 0.3.0
-- pgaudit ingestion inside the database: the same parser as `sec-check pgaudit ingest` (the
-- engine bundle's pgaudit_read request) over the server's own log directory, read with
-- pg_ls_logdir() and pg_read_binary_file(). Same file identity (sha256 of the first line) and
-- the same state table, so this and the CLI can take turns without repeating an entry. Events
-- and progress are written in the caller's transaction. SECURITY INVOKER: the caller must be
-- allowed to read server files (pg_read_server_files) and list the log directory (pg_monitor),
-- which this function does not grant.
CREATE OR REPLACE FUNCTION sec_check.pgaudit_ingest(p_format text DEFAULT 'auto', p_chunk_bytes integer DEFAULT 1048576)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_dir      text;
  v_prefix   text := pg_catalog.current_setting('log_line_prefix');
  v_format   text := p_format;
  v_file     record;
  v_path     text;
  v_head     bytea;
  v_nl       integer;
  v_key      text;
  v_offset   bigint;
  v_size     bigint;
  v_chunk    bigint;
  v_len      bigint;
  v_at_end   boolean;
  v_res      jsonb;
  v_consumed bigint;
  v_rows     integer;
  v_probs    integer;
  v_files    integer := 0;
  v_events   bigint := 0;
  v_bytes    bigint := 0;
  v_waiting  integer := 0;
  v_unverifiable bigint := 0;
  v_why      jsonb := '[]';
  v_problems jsonb := '[]';
BEGIN
  IF p_format IS NULL OR p_format NOT IN ('auto', 'stderr', 'csvlog', 'jsonlog') THEN
    RAISE EXCEPTION 'sec_check.pgaudit_ingest: format must be auto, stderr, csvlog or jsonlog, not %', pg_catalog.quote_nullable(p_format)
      USING ERRCODE = '22023';
  END IF;
  IF p_chunk_bytes IS NULL OR p_chunk_bytes < 4096 OR p_chunk_bytes > 268435456 THEN
    RAISE EXCEPTION 'sec_check.pgaudit_ingest: chunk bytes must be between 4096 and 268435456, not %', pg_catalog.quote_nullable(p_chunk_bytes)
      USING ERRCODE = '22023';
  END IF;
  IF NOT (pg_catalog.has_function_privilege('pg_catalog.pg_read_binary_file(text, bigint, bigint, boolean)', 'EXECUTE')
          AND pg_catalog.has_function_privilege('pg_catalog.pg_stat_file(text, boolean)', 'EXECUTE')
          AND pg_catalog.has_function_privilege('pg_catalog.pg_ls_logdir()', 'EXECUTE')
          AND pg_catalog.has_function_privilege('sec_check.pgaudit_log_directory()', 'EXECUTE')) THEN
    RAISE EXCEPTION 'sec_check.pgaudit_ingest: role % cannot read the server log', current_user
      USING ERRCODE = '42501', HINT = 'SELECT sec_check.grant_pgaudit_ingest(role, true) as a superuser (EXECUTE on pg_read_binary_file, pg_stat_file, pg_ls_logdir; add pg_read_server_files when log_directory is outside the data directory), or use sec-check pgaudit ingest on the host.';
  END IF;
  v_dir := sec_check.pgaudit_log_directory();
  IF v_format = 'auto' THEN
    SELECT CASE WHEN pg_catalog.bool_or(l.name LIKE '%.csv') THEN 'csvlog'
                WHEN pg_catalog.bool_or(l.name LIKE '%.json') THEN 'jsonlog'
                WHEN pg_catalog.count(*) > 0 THEN 'stderr' END
      INTO v_format FROM pg_catalog.pg_ls_logdir() l;
    IF v_format IS NULL THEN
      RETURN pg_catalog.jsonb_build_object('format', NULL, 'files', 0, 'events', 0, 'unverifiable', 0, 'unverifiable_why', v_why,
        'bytes', 0, 'waiting', 0, 'problems', v_problems);
    END IF;
  END IF;
  FOR v_file IN
    SELECT l.name FROM pg_catalog.pg_ls_logdir() l
     WHERE CASE v_format WHEN 'csvlog' THEN l.name LIKE '%.csv'
                         WHEN 'jsonlog' THEN l.name LIKE '%.json'
                         ELSE l.name NOT LIKE '%.csv' AND l.name NOT LIKE '%.json' AND l.name !~ '\.(gz|bz2|xz|zst|lz4|zip)$' END
     ORDER BY l.modification, l.name
  LOOP
    v_path := v_dir || '/' || v_file.name;
    v_head := pg_catalog.pg_read_binary_file(v_path, 0, 4096, true);
    CONTINUE WHEN v_head IS NULL; -- removed meanwhile
    v_nl := pg_catalog.position(v_head, '\x0a'::bytea); -- POSITION(x IN y) is position(y, x)
    IF v_nl = 0 AND pg_catalog.length(v_head) < 4096 THEN
      v_waiting := v_waiting + 1;
      CONTINUE;
    END IF;
    IF v_nl > 0 THEN v_head := pg_catalog.substring(v_head, 1, v_nl); END IF;
    v_key := 'sha256:' || pg_catalog.left(pg_catalog.encode(pg_catalog.sha256(v_head), 'hex'), 40);
    v_files := v_files + 1;
    INSERT INTO sec_check.audit_ingest_state (file_key, log_file, log_format) VALUES (v_key, v_file.name, v_format)
      ON CONFLICT (file_key) DO NOTHING;
    SELECT s.log_offset INTO v_offset FROM sec_check.audit_ingest_state s WHERE s.file_key = v_key FOR UPDATE;
    v_chunk := p_chunk_bytes;
    LOOP
      v_size := (pg_catalog.pg_stat_file(v_path, true)).size;
      EXIT WHEN v_size IS NULL OR v_size = v_offset;
      IF v_size < v_offset THEN
        v_problems := v_problems || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('file', v_file.name, 'offset', v_offset,
          'reason', pg_catalog.format('file is shorter (%s bytes) than the offset already read; not read again', v_size)));
        EXIT;
      END IF;
      v_len := LEAST(v_chunk, v_size - v_offset);
      v_at_end := v_offset + v_len >= v_size;
      v_res := sec_check.engine(pg_catalog.jsonb_build_object('op', 'pgaudit_read',
        'hex', pg_catalog.encode(pg_catalog.pg_read_binary_file(v_path, v_offset, v_len, false), 'hex'),
        'format', v_format, 'prefix', v_prefix, 'base_offset', v_offset, 'file', v_file.name, 'file_key', v_key, 'at_end', v_at_end));
      IF v_res ? 'sec_check_error' THEN
        RAISE EXCEPTION '%', v_res->>'sec_check_error';
      END IF;
      v_consumed := (v_res->>'consumed')::bigint;
      IF v_consumed = 0 THEN
        IF v_at_end THEN v_waiting := v_waiting + 1; EXIT; END IF;
        v_chunk := v_chunk * 2; -- one entry longer than the chunk
        CONTINUE;
      END IF;
      INSERT INTO sec_check.audit_events (file_key, log_file, log_offset, logged_at, pid, user_name, database_name, client,
          audit_type, statement_id, substatement_id, class, command, object_type, object_name, statement, parameters, origin)
        SELECT r.file_key, r.log_file, r.log_offset, r.logged_at, r.pid, r.user_name, r.database_name, r.client, r.audit_type,
               r.statement_id, r.substatement_id, r.class, r.command, r.object_type, r.object_name, r.statement, r.parameters, r.origin
          FROM pg_catalog.jsonb_to_recordset(v_res->'rows') AS r(file_key text, log_file text, log_offset bigint, logged_at timestamptz,
               pid integer, user_name text, database_name text, client text, audit_type text, statement_id bigint,
               substatement_id bigint, class text, command text, object_type text, object_name text, statement text, parameters text,
               origin text)
        ON CONFLICT DO NOTHING;
      v_unverifiable := v_unverifiable + (SELECT pg_catalog.count(*) FROM pg_catalog.jsonb_array_elements(v_res->'rows') AS x(e)
                                           WHERE x.e->>'origin' = 'unverifiable');
      v_why := v_why || (SELECT COALESCE(pg_catalog.jsonb_agg(w.e), '[]') FROM pg_catalog.jsonb_array_elements(v_res->'unverifiable') AS w(e)
                          WHERE NOT v_why @> pg_catalog.jsonb_build_array(w.e));
      v_rows := pg_catalog.jsonb_array_length(v_res->'rows');
      v_probs := pg_catalog.jsonb_array_length(v_res->'problems');
      v_problems := v_problems || (v_res->'problems');
      v_offset := v_offset + v_consumed;
      v_events := v_events + v_rows;
      v_bytes := v_bytes + v_consumed;
      UPDATE sec_check.audit_ingest_state s SET log_offset = v_offset, log_file = v_file.name, events = s.events + v_rows,
             problems = s.problems + v_probs, updated_at = pg_catalog.now()
       WHERE s.file_key = v_key;
      IF v_at_end AND v_offset < v_size THEN v_waiting := v_waiting + 1; EXIT; END IF;
    END LOOP;
  END LOOP;
  RETURN pg_catalog.jsonb_build_object('format', v_format, 'files', v_files, 'events', v_events, 'unverifiable', v_unverifiable,
    'unverifiable_why', v_why, 'bytes', v_bytes, 'waiting', v_waiting, 'problems', v_problems);
END
$$;
REVOKE ALL ON FUNCTION sec_check.pgaudit_ingest(text, integer) FROM PUBLIC;
COMMENT ON FUNCTION sec_check.pgaudit_ingest(text, integer) IS
  'Ingests new pgaudit records from the server log directory into sec_check.audit_events (format auto|stderr|csvlog|jsonlog; stderr uses the server''s log_line_prefix), exactly once per log entry, sharing sec_check.audit_ingest_state with sec-check pgaudit ingest. Returns {format, files, events, unverifiable, unverifiable_why, bytes, waiting, problems}: unverifiable counts the events whose origin is unverifiable (the log cannot show pgaudit wrote them), unverifiable_why says why. Needs EXECUTE on pg_read_binary_file, pg_stat_file and pg_ls_logdir (sec_check.grant_pgaudit_ingest(role, true)), and pg_read_server_files for a log_directory outside the data directory.';
