-- since: 0.4.0
-- The body of a quoted string or name for sec_check.sql_tokens, from byte p_from (0-based,
-- just past the opening quote) of p_bytes: where it ends (past the closing quote; a
-- continuation over a newline joins the next '...' as the server does), its decoded text, and
-- whether it runs to the end. p_quote is 39 (') or 34 ("). With p_escapes, backslash escapes
-- as in E'...' (a character they give outside ASCII, and \0, decodes to '?'); with
-- p_doubling, a doubled quote is a quote. Twin of quoted()/quotedIdent() in
-- src/core/sql-lexer.ts.
CREATE OR REPLACE FUNCTION sec_check.sql_lex_quoted(p_bytes bytea, p_from integer, p_quote integer,
                                                    p_escapes boolean, p_doubling boolean,
                                                    OUT end_pos integer, OUT value text, OUT unterminated boolean)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET standard_conforming_strings = on
AS $fn$
#variable_conflict error
DECLARE
  n constant integer := pg_catalog.length(p_bytes);
  j integer := p_from;
  k integer;
  c integer;
  code bigint;
  hex text;
  run_from integer := p_from;
  pieces bytea := '';
BEGIN
  unterminated := true;
  WHILE j < n LOOP
    c := pg_catalog.get_byte(p_bytes, j);
    IF c = p_quote THEN
      pieces := pieces || substring(p_bytes FROM run_from + 1 FOR j - run_from);
      IF p_doubling AND j + 1 < n AND pg_catalog.get_byte(p_bytes, j + 1) = p_quote THEN
        pieces := pieces || pg_catalog.set_byte('\x00'::bytea, 0, p_quote);
        j := j + 2; run_from := j;
        CONTINUE;
      END IF;
      IF p_quote = 39 THEN
        -- horizontal space and -- comments, then a newline (scan.l's whitespace_with_newline)
        k := j + 1;
        LOOP
          EXIT WHEN k >= n;
          IF pg_catalog.get_byte(p_bytes, k) IN (32, 9, 12, 11) THEN
            k := k + 1;
          ELSIF pg_catalog.get_byte(p_bytes, k) = 45 AND k + 1 < n AND pg_catalog.get_byte(p_bytes, k + 1) = 45 THEN
            WHILE k < n AND pg_catalog.get_byte(p_bytes, k) NOT IN (10, 13) LOOP k := k + 1; END LOOP;
          ELSE
            EXIT;
          END IF;
        END LOOP;
        IF k < n AND pg_catalog.get_byte(p_bytes, k) IN (10, 13) THEN
          k := k + 1;
          LOOP
            EXIT WHEN k >= n;
            IF pg_catalog.get_byte(p_bytes, k) IN (32, 9, 10, 13, 12, 11) THEN
              k := k + 1;
            ELSIF pg_catalog.get_byte(p_bytes, k) = 45 AND k + 1 < n AND pg_catalog.get_byte(p_bytes, k + 1) = 45 THEN
              WHILE k < n AND pg_catalog.get_byte(p_bytes, k) NOT IN (10, 13) LOOP k := k + 1; END LOOP;
              IF k >= n THEN EXIT; END IF;
              k := k + 1;
            ELSE
              EXIT;
            END IF;
          END LOOP;
          IF k < n AND pg_catalog.get_byte(p_bytes, k) = 39 THEN
            j := k + 1; run_from := j;
            CONTINUE;
          END IF;
        END IF;
      END IF;
      j := j + 1; run_from := j; unterminated := false;
      EXIT;
    ELSIF p_escapes AND c = 92 THEN
      pieces := pieces || substring(p_bytes FROM run_from + 1 FOR j - run_from);
      IF j + 1 >= n THEN
        j := j + 1; run_from := j;
        CONTINUE;
      END IF;
      c := pg_catalog.get_byte(p_bytes, j + 1);
      IF c BETWEEN 48 AND 55 THEN                                       -- octal, 1 to 3 digits
        k := j + 1; code := 0;
        WHILE k < j + 4 AND k < n AND pg_catalog.get_byte(p_bytes, k) BETWEEN 48 AND 55 LOOP
          code := code * 8 + pg_catalog.get_byte(p_bytes, k) - 48; k := k + 1;
        END LOOP;
        code := code % 256;
        j := k;
      ELSIF c = 120 AND j + 2 < n AND (pg_catalog.get_byte(p_bytes, j + 2) BETWEEN 48 AND 57 OR pg_catalog.get_byte(p_bytes, j + 2) BETWEEN 65 AND 70 OR pg_catalog.get_byte(p_bytes, j + 2) BETWEEN 97 AND 102) THEN   -- \xH, \xHH
        k := j + 2; hex := '';
        WHILE k < j + 4 AND k < n AND (pg_catalog.get_byte(p_bytes, k) BETWEEN 48 AND 57 OR pg_catalog.get_byte(p_bytes, k) BETWEEN 65 AND 70 OR pg_catalog.get_byte(p_bytes, k) BETWEEN 97 AND 102) LOOP
          hex := hex || pg_catalog.chr(pg_catalog.get_byte(p_bytes, k)); k := k + 1;
        END LOOP;
        code := ('x' || pg_catalog.lpad(hex, 16, '0'))::bit(64)::bigint;
        j := k;
      ELSIF c IN (117, 85) THEN                                         -- \uXXXX, \UXXXXXXXX
        k := CASE WHEN c = 117 THEN 4 ELSE 8 END;
        hex := CASE WHEN j + 2 + k <= n THEN pg_catalog.encode(substring(p_bytes FROM j + 3 FOR k), 'escape') END;
        IF hex ~ '^[0-9A-Fa-f]+$' AND pg_catalog.length(hex) = k THEN
          code := ('x' || pg_catalog.lpad(hex, 16, '0'))::bit(64)::bigint;
          j := j + 2 + k;
        ELSE
          code := c;
          j := j + 2;
        END IF;
      ELSE                                                              -- \b \f \n \r \t \v, else the byte
        code := CASE c WHEN 98 THEN 8 WHEN 102 THEN 12 WHEN 110 THEN 10 WHEN 114 THEN 13 WHEN 116 THEN 9 WHEN 118 THEN 11 ELSE c END;
        j := j + 2;
        IF code >= 128 THEN                                             -- a byte of a character: keep it as written
          pieces := pieces || substring(p_bytes FROM j FOR 1);
          run_from := j;
          CONTINUE;
        END IF;
      END IF;
      pieces := pieces || CASE WHEN code BETWEEN 1 AND 127 THEN pg_catalog.set_byte('\x00'::bytea, 0, code::integer) ELSE '\x3f'::bytea END;
      run_from := j;
    ELSE
      j := j + 1;
    END IF;
  END LOOP;
  IF unterminated THEN
    pieces := pieces || substring(p_bytes FROM run_from + 1 FOR n - run_from);
    j := n;
  END IF;
  end_pos := j;
  value := pg_catalog.convert_from(pieces, pg_catalog.getdatabaseencoding());
END
$fn$;
COMMENT ON FUNCTION sec_check.sql_lex_quoted(bytea, integer, integer, boolean, boolean) IS
  'Internal to sec_check.sql_tokens: end, decoded text and unterminated flag of a quoted string or name body.';
REVOKE ALL ON FUNCTION sec_check.sql_lex_quoted(bytea, integer, integer, boolean, boolean) FROM PUBLIC;
