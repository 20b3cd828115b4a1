-- since: 0.4.0
-- Secrets out of an SQL text, the rules of src/core/sql-mask.ts (its twin; both are run on
-- test/fixtures/sql-mask-cases.json and on generated spellings): a regular expression first,
-- so text with no secret name, no :// and no backslash or U& costs one match; then the
-- replacements of both readings of the text (standard_conforming_strings on, and off when
-- it holds a backslash), equal ones once, overlapping ones as one '***' over their union.
CREATE OR REPLACE FUNCTION sec_check.sql_mask(p_text text, p_depth integer DEFAULT 0,
                                              OUT masked text, OUT mask_parameters boolean)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET standard_conforming_strings = on
AS $fn$
#variable_conflict error
DECLARE
  v_enc constant text := pg_catalog.getdatabaseencoding();
  v_on record;
  v_off record;
  v_starts integer[];
  v_ends integer[];
  v_texts text[];
  b bytea;
  v_out bytea := '';
  v_pos integer := 0;
  v_last integer := 0;
  e record;
BEGIN
  masked := p_text;
  mask_parameters := false;
  IF p_text IS NULL OR p_text !~* 'pass|pwd|secret|token|api_?key|private_?key|access_?key|credential|://|\\|u&' THEN
    RETURN;
  END IF;
  v_on := sec_check.sql_mask_edits(p_text, true, p_depth);
  mask_parameters := v_on.mask_parameters;
  IF strpos(p_text, '\') = 0 THEN
    v_starts := v_on.starts; v_ends := v_on.ends; v_texts := v_on.texts;
  ELSE
    v_off := sec_check.sql_mask_edits(p_text, false, p_depth);
    mask_parameters := mask_parameters OR v_off.mask_parameters;
    v_starts := '{}'; v_ends := '{}'; v_texts := '{}';
    FOR e IN
      SELECT x.s, x.e, x.t FROM (
        SELECT u.s, u.e, u.t, 1 AS reading, u.o FROM unnest(v_on.starts, v_on.ends, v_on.texts) WITH ORDINALITY AS u(s, e, t, o)
        UNION ALL
        SELECT u.s, u.e, u.t, 2, u.o FROM unnest(v_off.starts, v_off.ends, v_off.texts) WITH ORDINALITY AS u(s, e, t, o)) x
       ORDER BY x.s, x.e, x.reading, x.o
    LOOP
      v_last := cardinality(v_starts);
      IF v_last > 0 AND e.s < v_ends[v_last] THEN
        IF NOT (e.s = v_starts[v_last] AND e.e = v_ends[v_last] AND e.t = v_texts[v_last]) THEN
          v_ends[v_last] := greatest(v_ends[v_last], e.e);
          v_texts[v_last] := '''***''';
        END IF;
      ELSE
        v_starts := v_starts || e.s; v_ends := v_ends || e.e; v_texts := v_texts || e.t;
      END IF;
    END LOOP;
  END IF;
  IF coalesce(cardinality(v_starts), 0) = 0 THEN
    RETURN;
  END IF;
  b := convert_to(p_text, v_enc);
  FOR k IN 1 .. cardinality(v_starts) LOOP
    v_out := v_out || substr(b, v_pos + 1, v_starts[k] - v_pos) || convert_to(v_texts[k], v_enc);
    v_pos := v_ends[k];
  END LOOP;
  masked := convert_from(v_out || substr(b, v_pos + 1), v_enc);
END
$fn$;
COMMENT ON FUNCTION sec_check.sql_mask(text, integer) IS
  'An SQL text with its secrets replaced by *** (password literals, secret options, key=value and URI passwords in strings, nested SQL), and whether a $n parameter is bound to a secret. Twin of maskSql in src/core/sql-mask.ts.';
REVOKE ALL ON FUNCTION sec_check.sql_mask(text, integer) FROM PUBLIC;
