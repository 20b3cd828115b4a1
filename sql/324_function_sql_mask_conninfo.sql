-- since: 0.4.0
-- Rule 2 of the masking (see src/core/sql-mask.ts, maskConninfo, its twin): in key=value
-- text (libpq connection strings, also URI query parameters), the value of a key that is a
-- secret name becomes *** ('***' when it was quoted). Works on bytes, so it stays linear.
CREATE OR REPLACE FUNCTION sec_check.sql_mask_conninfo(p_value text)
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
  v_copied integer := 0;
  i integer := 0;
  j integer;
  v_key_start integer;
  v_key_end integer;
  v_value_start integer;
  v_repl text;
  v_key text;
BEGIN
  IF p_value IS NULL OR strpos(p_value, '=') = 0 THEN
    RETURN p_value;
  END IF;
  b := convert_to(p_value, v_enc);
  n := length(b);
  LOOP
    -- the next run of [A-Za-z0-9_] from i
    WHILE i < n AND NOT (get_byte(b, i) BETWEEN 48 AND 57 OR get_byte(b, i) BETWEEN 65 AND 90
                         OR get_byte(b, i) BETWEEN 97 AND 122 OR get_byte(b, i) = 95) LOOP i := i + 1; END LOOP;
    EXIT WHEN i >= n;
    v_key_start := i;
    WHILE i < n AND (get_byte(b, i) BETWEEN 48 AND 57 OR get_byte(b, i) BETWEEN 65 AND 90
                     OR get_byte(b, i) BETWEEN 97 AND 122 OR get_byte(b, i) = 95) LOOP i := i + 1; END LOOP;
    v_key_end := i;
    j := v_key_end;
    WHILE j < n AND get_byte(b, j) IN (32, 9, 10, 13, 12, 11) LOOP j := j + 1; END LOOP;
    IF j >= n OR get_byte(b, j) <> 61 THEN
      CONTINUE;
    END IF;
    v_key := lower(convert_from(substr(b, v_key_start + 1, v_key_end - v_key_start), v_enc));
    IF v_key !~ 'password|passwd|pwd|secret|token|api_?key|private_?key|access_?key|credential'
       OR v_key IN ('password_required', 'password_encryption') THEN
      CONTINUE;
    END IF;
    j := j + 1;
    WHILE j < n AND get_byte(b, j) IN (32, 9, 10, 13, 12, 11) LOOP j := j + 1; END LOOP;
    v_value_start := j;
    IF j < n AND get_byte(b, j) = 39 THEN
      j := j + 1;
      WHILE j < n AND get_byte(b, j) <> 39 LOOP
        j := j + CASE WHEN get_byte(b, j) = 92 THEN 2 ELSE 1 END;
      END LOOP;
      j := least(j + 1, n);
      v_repl := '''***''';
    ELSE
      WHILE j < n AND get_byte(b, j) NOT IN (32, 9, 10, 13, 12, 11) LOOP
        j := j + CASE WHEN get_byte(b, j) = 92 THEN 2 ELSE 1 END;
      END LOOP;
      j := least(j, n);
      v_repl := '***';
    END IF;
    IF j > v_value_start THEN
      v_out := v_out || substr(b, v_copied + 1, v_value_start - v_copied) || convert_to(v_repl, v_enc);
      v_copied := j;
    END IF;
    i := greatest(j, v_key_end);
  END LOOP;
  RETURN convert_from(v_out || substr(b, v_copied + 1), v_enc);
END
$fn$;
COMMENT ON FUNCTION sec_check.sql_mask_conninfo(text) IS
  'Masking rule for key=value text: the value of a secret key (password, sslpassword, ...) becomes ***. Twin of maskConninfo in src/core/sql-mask.ts.';
REVOKE ALL ON FUNCTION sec_check.sql_mask_conninfo(text) FROM PUBLIC;
