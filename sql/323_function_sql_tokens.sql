-- since: 0.4.0
-- PostgreSQL's lexical rules for the DDL trail's masking (sec_check.sql_mask): the twin of
-- src/core/sql-lexer.ts, which documents the rules; test/integration/sql-mask-twin.test.ts
-- runs both on the same texts and compares the tokens. It works on the text's bytes in the
-- database encoding (every server encoding keeps ASCII bytes for ASCII characters, and all
-- of SQL's punctuation is ASCII), so each step is O(1) and the scan linear: positions are
-- byte offsets, start_pos from 0, end_pos exclusive. Values: identifiers lower-cased (ASCII
-- only, as the server does), quoted names and string constants decoded (see
-- sec_check.sql_lex_quoted), operators and characters as written. Never raises for any input:
-- an unterminated construct runs to the end and is flagged.
CREATE OR REPLACE FUNCTION sec_check.sql_tokens(p_text text, p_standard_strings boolean DEFAULT true)
RETURNS TABLE (ord integer, kind text, style text, start_pos integer, end_pos integer, value text,
               unterminated boolean, invalid boolean, is_unicode boolean)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET standard_conforming_strings = on
AS $fn$
#variable_conflict error
DECLARE
  v_enc constant text := pg_catalog.getdatabaseencoding();
  b constant bytea := pg_catalog.convert_to(coalesce(p_text, ''), pg_catalog.getdatabaseencoding());
  n integer;
  i integer := 0;
  j integer;
  k integer;
  ch integer;
  nx integer;
  c2 integer;
  depth integer;
  q integer;
  body record;
  esc_char text;
  raw text;
  tag bytea;
  op text;
BEGIN
  n := pg_catalog.length(b);
  ord := 0;
  WHILE i < n LOOP
    ch := pg_catalog.get_byte(b, i);
    nx := CASE WHEN i + 1 < n THEN pg_catalog.get_byte(b, i + 1) ELSE -1 END;
    start_pos := i;
    style := NULL; value := NULL; unterminated := false; invalid := false; is_unicode := false;
    IF ch IN (32, 9, 10, 13, 12, 11) THEN                                   -- white space
      j := i + 1;
      WHILE j < n AND pg_catalog.get_byte(b, j) IN (32, 9, 10, 13, 12, 11) LOOP j := j + 1; END LOOP;
      kind := 'space';
    ELSIF ch = 45 AND nx = 45 THEN                                         -- -- comment
      j := i + 2;
      WHILE j < n AND pg_catalog.get_byte(b, j) NOT IN (10, 13) LOOP j := j + 1; END LOOP;
      kind := 'comment';
    ELSIF ch = 47 AND nx = 42 THEN                                         -- /* comment */, nested
      depth := 0; j := i; unterminated := true;
      WHILE j < n LOOP
        c2 := pg_catalog.get_byte(b, j);
        IF c2 = 47 AND j + 1 < n AND pg_catalog.get_byte(b, j + 1) = 42 THEN
          depth := depth + 1; j := j + 2;
        ELSIF c2 = 42 AND j + 1 < n AND pg_catalog.get_byte(b, j + 1) = 47 THEN
          depth := depth - 1; j := j + 2;
          IF depth = 0 THEN unterminated := false; EXIT; END IF;
        ELSE
          j := j + 1;
        END IF;
      END LOOP;
      kind := 'comment';
    ELSIF (ch IN (85, 117) AND nx = 38 AND i + 2 < n AND pg_catalog.get_byte(b, i + 2) IN (39, 34))   -- U&' U&"
       OR (ch IN (69, 101, 78, 110, 66, 98, 88, 120) AND nx = 39)                                  -- E' N' B' X'
       OR ch IN (39, 34) THEN                                                                      -- ' "
      IF ch IN (85, 117) THEN
        q := pg_catalog.get_byte(b, i + 2);
        is_unicode := true;
        kind := CASE WHEN q = 39 THEN 'string' ELSE 'qident' END;
        style := CASE WHEN q = 39 THEN 'unicode' END;
        body := sec_check.sql_lex_quoted(b, i + 3, q, false, true);
      ELSIF ch = 39 THEN
        kind := 'string'; style := 'std';
        body := sec_check.sql_lex_quoted(b, i + 1, 39, NOT p_standard_strings, true);
      ELSIF ch = 34 THEN
        kind := 'qident';
        body := sec_check.sql_lex_quoted(b, i + 1, 34, false, true);
      ELSIF ch IN (69, 101) THEN
        kind := 'string'; style := 'escape';
        body := sec_check.sql_lex_quoted(b, i + 2, 39, true, true);
      ELSIF ch IN (78, 110) THEN
        kind := 'string'; style := 'national';
        body := sec_check.sql_lex_quoted(b, i + 2, 39, NOT p_standard_strings, true);
      ELSE
        kind := 'string'; style := CASE WHEN ch IN (66, 98) THEN 'bit' ELSE 'hex' END;
        body := sec_check.sql_lex_quoted(b, i + 2, 39, false, false);
      END IF;
      j := body.end_pos; value := body.value; unterminated := body.unterminated;
      IF is_unicode THEN
        esc_char := E'\\';
        IF NOT unterminated THEN
          -- UESCAPE 'c' after white space and comments: part of this token
          k := j;
          LOOP
            EXIT WHEN k >= n;
            c2 := pg_catalog.get_byte(b, k);
            IF c2 IN (32, 9, 10, 13, 12, 11) THEN
              k := k + 1;
            ELSIF c2 = 45 AND k + 1 < n AND pg_catalog.get_byte(b, k + 1) = 45 THEN
              WHILE k < n AND pg_catalog.get_byte(b, k) NOT IN (10, 13) LOOP k := k + 1; END LOOP;
            ELSIF c2 = 47 AND k + 1 < n AND pg_catalog.get_byte(b, k + 1) = 42 THEN
              depth := 0;
              WHILE k < n LOOP
                IF pg_catalog.get_byte(b, k) = 47 AND k + 1 < n AND pg_catalog.get_byte(b, k + 1) = 42 THEN depth := depth + 1; k := k + 2;
                ELSIF pg_catalog.get_byte(b, k) = 42 AND k + 1 < n AND pg_catalog.get_byte(b, k + 1) = 47 THEN
                  depth := depth - 1; k := k + 2;
                  EXIT WHEN depth = 0;
                ELSE k := k + 1;
                END IF;
              END LOOP;
            ELSE
              EXIT;
            END IF;
          END LOOP;
          IF k + 7 <= n AND pg_catalog.lower(pg_catalog.encode(substring(b FROM k + 1 FOR 7), 'escape')) = 'uescape'
             AND NOT (k + 7 < n AND (pg_catalog.get_byte(b, k + 7) BETWEEN 65 AND 90 OR pg_catalog.get_byte(b, k + 7) BETWEEN 97 AND 122
                                     OR pg_catalog.get_byte(b, k + 7) BETWEEN 48 AND 57 OR pg_catalog.get_byte(b, k + 7) IN (95, 36)
                                     OR pg_catalog.get_byte(b, k + 7) >= 128)) THEN
            j := k + 7;
            esc_char := NULL;
            -- the escape literal, after white space and comments
            k := j;
            LOOP
              EXIT WHEN k >= n;
              c2 := pg_catalog.get_byte(b, k);
              IF c2 IN (32, 9, 10, 13, 12, 11) THEN
                k := k + 1;
              ELSIF c2 = 45 AND k + 1 < n AND pg_catalog.get_byte(b, k + 1) = 45 THEN
                WHILE k < n AND pg_catalog.get_byte(b, k) NOT IN (10, 13) LOOP k := k + 1; END LOOP;
              ELSIF c2 = 47 AND k + 1 < n AND pg_catalog.get_byte(b, k + 1) = 42 THEN
                depth := 0;
                WHILE k < n LOOP
                  IF pg_catalog.get_byte(b, k) = 47 AND k + 1 < n AND pg_catalog.get_byte(b, k + 1) = 42 THEN depth := depth + 1; k := k + 2;
                  ELSIF pg_catalog.get_byte(b, k) = 42 AND k + 1 < n AND pg_catalog.get_byte(b, k + 1) = 47 THEN
                    depth := depth - 1; k := k + 2;
                    EXIT WHEN depth = 0;
                  ELSE k := k + 1;
                  END IF;
                END LOOP;
              ELSE
                EXIT;
              END IF;
            END LOOP;
            IF k < n AND pg_catalog.get_byte(b, k) = 39 THEN
              body := sec_check.sql_lex_quoted(b, k + 1, 39, false, true);
              j := body.end_pos;
              IF NOT body.unterminated AND pg_catalog.length(body.value) = 1 AND body.value !~ '[0-9A-Fa-f+''"[:space:]]' THEN
                esc_char := body.value;
              END IF;
            END IF;
            IF esc_char IS NULL THEN invalid := true; END IF;
          END IF;
        END IF;
        IF esc_char IS NOT NULL THEN
          -- \XXXX, \+XXXXXX, \\ with the escape character; other characters as written
          raw := value; value := ''; k := 1;
          WHILE k <= pg_catalog.length(raw) LOOP
            IF pg_catalog.substr(raw, k, 1) <> esc_char THEN
              value := value || pg_catalog.substr(raw, k, 1); k := k + 1;
            ELSIF pg_catalog.substr(raw, k + 1, 1) = esc_char THEN
              value := value || esc_char; k := k + 2;
            ELSIF pg_catalog.substr(raw, k + 1, 4) ~ '^[0-9A-Fa-f]{4}$' THEN
              nx := ('x' || pg_catalog.substr(raw, k + 1, 4))::bit(16)::integer;
              value := value || CASE WHEN nx BETWEEN 1 AND 127 THEN pg_catalog.chr(nx) ELSE '?' END; k := k + 5;
            ELSIF pg_catalog.substr(raw, k + 1, 1) = '+' AND pg_catalog.substr(raw, k + 2, 6) ~ '^[0-9A-Fa-f]{6}$' THEN
              nx := ('x' || pg_catalog.substr(raw, k + 2, 6))::bit(24)::integer;
              value := value || CASE WHEN nx BETWEEN 1 AND 127 THEN pg_catalog.chr(nx) ELSE '?' END; k := k + 8;
            ELSE
              invalid := true;
              value := value || pg_catalog.substr(raw, k, 1); k := k + 1;
            END IF;
          END LOOP;
        END IF;
      END IF;
    ELSIF ch = 36 THEN                                                     -- $
      IF nx BETWEEN 48 AND 57 THEN
        j := i + 1;
        WHILE j < n AND pg_catalog.get_byte(b, j) BETWEEN 48 AND 57 LOOP j := j + 1; END LOOP;
        kind := 'param';
        value := pg_catalog.convert_from(substring(b FROM i + 2 FOR j - i - 1), v_enc);
      ELSE
        j := i + 1;
        IF j < n AND (pg_catalog.get_byte(b, j) BETWEEN 65 AND 90 OR pg_catalog.get_byte(b, j) BETWEEN 97 AND 122
                      OR pg_catalog.get_byte(b, j) = 95 OR pg_catalog.get_byte(b, j) >= 128) THEN
          j := j + 1;
          WHILE j < n AND (pg_catalog.get_byte(b, j) BETWEEN 65 AND 90 OR pg_catalog.get_byte(b, j) BETWEEN 97 AND 122
                           OR pg_catalog.get_byte(b, j) = 95 OR pg_catalog.get_byte(b, j) >= 128
                           OR pg_catalog.get_byte(b, j) BETWEEN 48 AND 57) LOOP j := j + 1; END LOOP;
        END IF;
        IF j < n AND pg_catalog.get_byte(b, j) = 36 THEN                   -- $tag$ ... $tag$
          tag := substring(b FROM i + 1 FOR j - i + 1);
          k := position(tag IN substring(b FROM j + 2));
          kind := 'string'; style := 'dollar';
          IF k = 0 THEN
            unterminated := true;
            value := pg_catalog.convert_from(substring(b FROM j + 2), v_enc);
            j := n;
          ELSE
            value := pg_catalog.convert_from(substring(b FROM j + 2 FOR k - 1), v_enc);
            j := j + k + pg_catalog.length(tag);
          END IF;
        ELSE
          kind := 'char'; value := '$'; j := i + 1;
        END IF;
      END IF;
    ELSIF ch BETWEEN 65 AND 90 OR ch BETWEEN 97 AND 122 OR ch = 95 OR ch >= 128 THEN   -- identifier
      j := i + 1;
      WHILE j < n AND (pg_catalog.get_byte(b, j) BETWEEN 65 AND 90 OR pg_catalog.get_byte(b, j) BETWEEN 97 AND 122
                       OR pg_catalog.get_byte(b, j) = 95 OR pg_catalog.get_byte(b, j) >= 128
                       OR pg_catalog.get_byte(b, j) BETWEEN 48 AND 57 OR pg_catalog.get_byte(b, j) = 36) LOOP j := j + 1; END LOOP;
      kind := 'ident';
      value := pg_catalog.translate(pg_catalog.convert_from(substring(b FROM i + 1 FOR j - i), v_enc),
                                    'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
    ELSIF ch BETWEEN 48 AND 57 OR (ch = 46 AND nx BETWEEN 48 AND 57) THEN   -- number
      j := i;
      IF ch = 48 AND nx IN (120, 88, 111, 79, 98, 66) AND i + 2 < n
         AND (pg_catalog.get_byte(b, i + 2) BETWEEN 48 AND 57 OR pg_catalog.get_byte(b, i + 2) BETWEEN 65 AND 70
              OR pg_catalog.get_byte(b, i + 2) BETWEEN 97 AND 102 OR pg_catalog.get_byte(b, i + 2) = 95) THEN
        j := i + 2;
        WHILE j < n AND (pg_catalog.get_byte(b, j) BETWEEN 48 AND 57 OR pg_catalog.get_byte(b, j) BETWEEN 65 AND 70
                         OR pg_catalog.get_byte(b, j) BETWEEN 97 AND 102 OR pg_catalog.get_byte(b, j) = 95) LOOP j := j + 1; END LOOP;
      ELSE
        WHILE j < n AND (pg_catalog.get_byte(b, j) BETWEEN 48 AND 57 OR pg_catalog.get_byte(b, j) = 95) LOOP j := j + 1; END LOOP;
        IF j < n AND pg_catalog.get_byte(b, j) = 46 AND NOT (j + 1 < n AND pg_catalog.get_byte(b, j + 1) = 46) THEN
          j := j + 1;
          WHILE j < n AND (pg_catalog.get_byte(b, j) BETWEEN 48 AND 57 OR pg_catalog.get_byte(b, j) = 95) LOOP j := j + 1; END LOOP;
        END IF;
        IF j < n AND pg_catalog.get_byte(b, j) IN (69, 101) THEN
          k := CASE WHEN j + 1 < n AND pg_catalog.get_byte(b, j + 1) IN (43, 45) THEN j + 2 ELSE j + 1 END;
          IF k < n AND pg_catalog.get_byte(b, k) BETWEEN 48 AND 57 THEN
            j := k;
            WHILE j < n AND pg_catalog.get_byte(b, j) BETWEEN 48 AND 57 LOOP j := j + 1; END LOOP;
          END IF;
        END IF;
      END IF;
      kind := 'number';
      value := pg_catalog.convert_from(substring(b FROM i + 1 FOR j - i), v_enc);
    ELSIF (ch = 58 AND nx IN (58, 61)) OR (ch = 46 AND nx = 46) THEN       -- :: := ..
      j := i + 2; kind := 'op';
      value := pg_catalog.convert_from(substring(b FROM i + 1 FOR 2), v_enc);
    ELSIF ch IN (126, 33, 64, 35, 94, 38, 124, 96, 63, 43, 45, 42, 47, 37, 60, 62, 61) THEN   -- operator
      j := i;
      WHILE j < n AND pg_catalog.get_byte(b, j) IN (126, 33, 64, 35, 94, 38, 124, 96, 63, 43, 45, 42, 47, 37, 60, 62, 61) LOOP
        -- a comment start inside an operator ends it
        EXIT WHEN j > i AND j + 1 < n AND ((pg_catalog.get_byte(b, j) = 45 AND pg_catalog.get_byte(b, j + 1) = 45)
                                           OR (pg_catalog.get_byte(b, j) = 47 AND pg_catalog.get_byte(b, j + 1) = 42));
        j := j + 1;
      END LOOP;
      op := pg_catalog.convert_from(substring(b FROM i + 1 FOR j - i), v_enc);
      -- trailing + and - belong to the next token unless the operator has one of ~!@#^&|`?%
      IF pg_catalog.length(op) > 1 AND op ~ '[-+]$' AND op !~ '[~!@#^&|`?%]' THEN
        op := pg_catalog.rtrim(op, '+-');
        IF op = '' THEN op := pg_catalog.chr(ch); END IF;
        j := i + pg_catalog.length(op);
      END IF;
      kind := 'op'; value := op;
    ELSE
      j := i + 1; kind := 'char';
      value := pg_catalog.convert_from(substring(b FROM i + 1 FOR 1), v_enc);
    END IF;
    end_pos := j;
    IF kind IN ('space', 'comment') THEN
      value := pg_catalog.convert_from(substring(b FROM i + 1 FOR j - i), v_enc);
    END IF;
    ord := ord + 1;
    RETURN NEXT;
    i := j;
  END LOOP;
END
$fn$;
COMMENT ON FUNCTION sec_check.sql_tokens(text, boolean) IS
  'The tokens of an SQL text as PostgreSQL reads it (with standard_conforming_strings as given): kind, string style, byte positions, decoded value, flags. Twin of src/core/sql-lexer.ts; used by sec_check.sql_mask.';
REVOKE ALL ON FUNCTION sec_check.sql_tokens(text, boolean) FROM PUBLIC;
