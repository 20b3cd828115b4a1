-- since: 0.2.0
-- Hash of the code that writes the trail as it is now in pg_proc: the trigger function, the
-- writer and append, the hash functions, and the masking that decides what a row says (the
-- lexer and the masker): body, SECURITY DEFINER, pinned settings, owner.
-- Compared with the value taken at install/upgrade (ddl_trail_expected_hash), it shows a
-- trigger function that was replaced by CREATE OR REPLACE.
CREATE OR REPLACE FUNCTION sec_check.ddl_trail_code_hash()
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.string_agg(
           pg_catalog.concat_ws(E'\n', p.oid::regprocedure::text, l.lanname, p.prosecdef::text,
                                p.proowner::regrole::text, pg_catalog.array_to_string(p.proconfig, ','), p.prosrc),
           E'\n--\n' ORDER BY p.oid::regprocedure::text), 'UTF8')), 'hex')
    FROM pg_catalog.pg_proc p
    JOIN pg_catalog.pg_language l ON l.oid = p.prolang
   WHERE p.oid IN ('sec_check.ddl_capture()'::regprocedure,
                   'sec_check.ddl_log_write(sec_check.ddl_log[], text, boolean)'::regprocedure,
                   'sec_check.ddl_log_append(text, text, text, text, text, boolean, text, boolean, text)'::regprocedure,
                   'sec_check.ddl_log_hash(sec_check.ddl_log)'::regprocedure,
                   'sec_check.ddl_log_canonical(sec_check.ddl_log)'::regprocedure,
                   'sec_check.ddl_mask_statement(text, integer)'::regprocedure,
                   'sec_check.sql_mask(text, integer)'::regprocedure,
                   'sec_check.sql_mask_edits(text, boolean, integer)'::regprocedure,
                   'sec_check.sql_mask_conninfo(text)'::regprocedure,
                   'sec_check.sql_mask_uri(text)'::regprocedure,
                   'sec_check.sql_tokens(text, boolean)'::regprocedure,
                   'sec_check.sql_lex_quoted(bytea, integer, integer, boolean, boolean)'::regprocedure)
$$;
COMMENT ON FUNCTION sec_check.ddl_trail_code_hash() IS
  'sha256 of the DDL trail''s writing code as currently defined (ddl_capture, ddl_log_write, ddl_log_append, ddl_log_hash, ddl_log_canonical and the statement masking: ddl_mask_statement, sql_mask*, sql_tokens, sql_lex_quoted).';
