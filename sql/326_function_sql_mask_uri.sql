-- since: 0.4.0
-- Rule 2 of the masking for URIs (see src/core/sql-mask.ts, maskUriPasswords, its twin):
-- after ://, up to white space or a quote, the password of the user info (between the first
-- : and the last @) becomes ***.
CREATE OR REPLACE FUNCTION sec_check.sql_mask_uri(p_value text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET standard_conforming_strings = on
AS $fn$
#variable_conflict error
DECLARE
  v_enc constant text := pg_catalog.getdatabaseencoding();
  b bytea;
  n integer;
  v_out bytea := '';
  i integer := 0;
  k integer;
  v_from integer;
  v_end integer;
  v_at integer;
  v_colon integer;
  j integer;
BEGIN
  IF p_value IS NULL OR strpos(p_value, '://') = 0 THEN
    RETURN p_value;
  END IF;
  b := convert_to(p_value, v_enc);
  n := length(b);
  LOOP
    k := position('\x3a2f2f'::bytea IN substr(b, i + 1));
    EXIT WHEN k = 0;
    v_from := i + k - 1 + 3;
    v_end := v_from;
    WHILE v_end < n AND get_byte(b, v_end) NOT IN (32, 9, 10, 13, 12, 11, 39, 34) LOOP v_end := v_end + 1; END LOOP;
    v_at := -1; v_colon := -1;
    FOR j IN v_from .. v_end - 1 LOOP
      IF get_byte(b, j) = 64 THEN v_at := j; END IF;
    END LOOP;
    IF v_at > v_from THEN
      FOR j IN v_from .. v_end - 1 LOOP
        IF get_byte(b, j) = 58 THEN v_colon := j; EXIT; END IF;
      END LOOP;
    END IF;
    IF v_colon >= 0 AND v_colon < v_at AND v_at > v_colon + 1 THEN
      v_out := v_out || substr(b, i + 1, v_colon + 1 - i) || '\x2a2a2a'::bytea || substr(b, v_at + 1, v_end - v_at);
    ELSE
      v_out := v_out || substr(b, i + 1, v_end - i);
    END IF;
    i := v_end;
  END LOOP;
  RETURN convert_from(v_out || substr(b, i + 1), v_enc);
END
$fn$;
COMMENT ON FUNCTION sec_check.sql_mask_uri(text) IS
  'Masking rule for URIs: the password of ://user:password@host becomes ***. Twin of maskUriPasswords in src/core/sql-mask.ts.';
REVOKE ALL ON FUNCTION sec_check.sql_mask_uri(text) FROM PUBLIC;
