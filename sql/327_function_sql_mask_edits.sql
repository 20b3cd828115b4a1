-- since: 0.4.0
-- The replacements one reading of an SQL text calls for (rules 1 and 2 of the masking; see
-- src/core/sql-mask.ts, edits(), its twin): byte ranges [start, end) of the text and what
-- replaces them, in text order, and whether a $n parameter is bound to a secret name.
CREATE OR REPLACE FUNCTION sec_check.sql_mask_edits(p_text text, p_standard_strings boolean, p_depth integer,
                                                    OUT starts integer[], OUT ends integer[], OUT texts text[],
                                                    OUT mask_parameters boolean)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET standard_conforming_strings = on
AS $fn$
#variable_conflict error
DECLARE
  v_enc constant text := pg_catalog.getdatabaseencoding();
  v_kinds text[];
  v_styles text[];
  v_starts integer[];
  v_ends integer[];
  v_values text[];
  v_masked boolean[];
  n integer;
  j integer;
  v_value text;
  v_inner record;
  v_raw text;
  v_tag text;
  v_enc_text text;
  v_secret constant text := 'password|passwd|pwd|secret|token|api_?key|private_?key|access_?key|credential';
BEGIN
  mask_parameters := false;
  starts := '{}'; ends := '{}'; texts := '{}';
  SELECT array_agg(t.kind ORDER BY t.ord), array_agg(t.style ORDER BY t.ord), array_agg(t.start_pos ORDER BY t.ord),
         array_agg(t.end_pos ORDER BY t.ord), array_agg(t.value ORDER BY t.ord)
    INTO v_kinds, v_styles, v_starts, v_ends, v_values
    FROM sec_check.sql_tokens(p_text, p_standard_strings) t
   WHERE t.kind NOT IN ('space', 'comment');
  n := coalesce(cardinality(v_kinds), 0);
  v_masked := array_fill(false, ARRAY[n]);
  -- rule 1: a secret name, maybe =, =>, := or TO, then string constants joined by ||
  FOR k IN 1 .. n LOOP
    CONTINUE WHEN v_kinds[k] NOT IN ('ident', 'qident')
               OR lower(v_values[k]) !~ v_secret OR lower(v_values[k]) IN ('password_required', 'password_encryption');
    j := k + 1;
    IF j <= n AND ((v_kinds[j] = 'op' AND v_values[j] IN ('=', '=>', ':=')) OR (v_kinds[j] = 'ident' AND v_values[j] = 'to')) THEN
      j := j + 1;
    END IF;
    IF j <= n AND v_kinds[j] = 'param' THEN
      mask_parameters := true;
      CONTINUE;
    END IF;
    WHILE j <= n AND v_kinds[j] = 'string' LOOP
      v_masked[j] := true;
      starts := starts || v_starts[j]; ends := ends || v_ends[j]; texts := texts || '''***'''::text;
      IF j + 2 <= n AND v_kinds[j + 1] = 'op' AND v_values[j + 1] = '||' AND v_kinds[j + 2] = 'string' THEN
        j := j + 2;
      ELSE
        EXIT;
      END IF;
    END LOOP;
  END LOOP;
  -- rule 2: every other string constant, decoded: key=value, URI user info, nested SQL
  FOR k IN 1 .. n LOOP
    CONTINUE WHEN v_kinds[k] <> 'string' OR v_masked[k] OR v_styles[k] IN ('bit', 'hex');
    v_value := sec_check.sql_mask_uri(sec_check.sql_mask_conninfo(v_values[k]));
    IF p_depth < 2 THEN
      SELECT m.masked, m.mask_parameters INTO v_inner FROM sec_check.sql_mask(v_value, p_depth + 1) m;
      v_value := v_inner.masked;
      IF v_inner.mask_parameters THEN mask_parameters := true; END IF;
    END IF;
    CONTINUE WHEN v_value IS NOT DISTINCT FROM v_values[k];
    -- written back in the constant's own style
    IF v_styles[k] = 'dollar' THEN
      v_raw := convert_from(substr(convert_to(p_text, v_enc), v_starts[k] + 1, v_ends[k] - v_starts[k]), v_enc);
      v_tag := substring(v_raw FROM '^\$[^$]*\$');
      v_enc_text := v_tag || v_value || v_tag;
    ELSIF v_styles[k] = 'escape' OR strpos(v_value, '\') > 0 THEN
      v_enc_text := 'E''' || replace(replace(v_value, '\', '\\'), '''', '\''') || '''';
    ELSIF v_styles[k] = 'national' THEN
      v_enc_text := 'N''' || replace(v_value, '''', '''''') || '''';
    ELSE
      v_enc_text := '''' || replace(v_value, '''', '''''') || '''';
    END IF;
    starts := starts || v_starts[k]; ends := ends || v_ends[k]; texts := texts || v_enc_text;
  END LOOP;
  -- in text order
  SELECT coalesce(array_agg(e.s ORDER BY e.s), '{}'), coalesce(array_agg(e.e ORDER BY e.s), '{}'), coalesce(array_agg(e.t ORDER BY e.s), '{}')
    INTO starts, ends, texts
    FROM unnest(starts, ends, texts) AS e(s, e, t);
END
$fn$;
COMMENT ON FUNCTION sec_check.sql_mask_edits(text, boolean, integer) IS
  'Internal to sec_check.sql_mask: the replacements (byte ranges and texts) one reading of an SQL text calls for. Twin of edits() in src/core/sql-mask.ts.';
REVOKE ALL ON FUNCTION sec_check.sql_mask_edits(text, boolean, integer) FROM PUBLIC;
