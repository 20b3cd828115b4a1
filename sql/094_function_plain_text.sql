-- since: 0.4.0
-- Plain text of a message as psql shows it. Stored results and reports keep the messages'
-- small HTML subset (p, code, ul, ol, li, b, i, strong, em, br, pre); rows returned to psql
-- (run(), the views) carry this instead. The same rules as plainText() in
-- src/render/rich-text.ts (SARIF, JUnit, the console), proven equal by a shared table of cases
-- and every catalog message: only those tags without attributes are markup, everything else
-- is text; blocks become lines, list items "- ", entities are decoded, no text is lost.
-- No SET clause, so it inlines into the views that call it per row.
CREATE OR REPLACE FUNCTION sec_check.plain_text(p_html text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  c_ws   constant text := '[ \t\n\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]';
  v_buf  text[] := ARRAY[''];
  v_tag  text[] := ARRAY[''];
  v_tok  text[];
  v_name text;
  v_code bigint;
  v_text text;
  v_kid  text;
  v_k    integer;
BEGIN
  IF p_html IS NULL THEN
    RETURN NULL;
  END IF;
  FOR v_tok IN
    SELECT m FROM pg_catalog.regexp_matches(p_html,
      '(<(/?)([a-zA-Z]+)[ \t\n\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*(/?)>)|(&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);)|([^<&]+|[<&])', 'g') AS m
  LOOP
    v_text := NULL;
    IF v_tok[1] IS NOT NULL THEN
      v_name := lower(v_tok[3]);
      -- a tag is markup only when allowed, at most 16 characters and not both </x/>
      IF length(v_tok[1]) > 16 OR v_name NOT IN ('p', 'code', 'ul', 'ol', 'li', 'b', 'i', 'strong', 'em', 'br', 'pre')
         OR (v_tok[2] = '/' AND v_tok[4] = '/') THEN
        v_text := v_tok[1];
      ELSIF v_tok[2] = '/' THEN
        v_k := array_length(v_tag, 1);
        WHILE v_k > 1 AND v_tag[v_k] <> v_name LOOP
          v_k := v_k - 1;
        END LOOP;
        -- close the matching element and every element opened inside it
        WHILE v_k > 1 AND array_length(v_tag, 1) >= v_k LOOP
          v_kid := v_buf[array_length(v_buf, 1)];
          v_kid := CASE v_tag[array_length(v_tag, 1)]
                     WHEN 'li' THEN E'\n- ' || regexp_replace(v_kid, '^' || c_ws || '+|' || c_ws || '+$', '', 'g')
                     WHEN 'p' THEN E'\n' || v_kid || E'\n' WHEN 'ul' THEN E'\n' || v_kid || E'\n'
                     WHEN 'ol' THEN E'\n' || v_kid || E'\n' WHEN 'pre' THEN E'\n' || v_kid || E'\n'
                     ELSE v_kid END;
          v_buf := v_buf[1:array_length(v_buf, 1) - 1];
          v_tag := v_tag[1:array_length(v_tag, 1) - 1];
          v_buf[array_length(v_buf, 1)] := v_buf[array_length(v_buf, 1)] || v_kid;
        END LOOP;
      ELSIF v_name = 'br' THEN
        v_text := E'\n';
      ELSIF v_tok[4] = '/' THEN
        -- an empty element such as <p/>
        v_text := CASE v_name WHEN 'li' THEN E'\n- ' WHEN 'p' THEN E'\n\n' WHEN 'ul' THEN E'\n\n'
                              WHEN 'ol' THEN E'\n\n' WHEN 'pre' THEN E'\n\n' ELSE '' END;
      ELSIF array_length(v_tag, 1) <= 32 THEN
        v_tag := v_tag || v_name;
        v_buf := v_buf || ''::text;
      END IF;
      -- deeper than 32 elements: the tag is dropped, its text stays
    ELSIF v_tok[5] IS NOT NULL THEN
      v_name := v_tok[6];
      IF v_name ~ '^#[0-9]' THEN
        v_code := substr(v_name, 2)::bigint;
      ELSIF v_name ~ '^#' THEN
        v_code := ('x' || lpad(substr(v_name, 3), 8, '0'))::bit(32)::bigint;
      ELSE
        v_code := NULL;
        v_text := CASE lower(v_name) WHEN 'lt' THEN '<' WHEN 'gt' THEN '>' WHEN 'amp' THEN '&' WHEN 'quot' THEN '"'
                                     WHEN 'apos' THEN '''' WHEN 'nbsp' THEN U&'\00a0' END;
      END IF;
      IF v_code IS NOT NULL AND v_code > 0 AND v_code <= 1114111 AND NOT (v_code BETWEEN 55296 AND 57343) THEN
        v_text := chr(v_code::integer);
      END IF;
      -- an unknown entity is text as written
      v_text := coalesce(v_text, v_tok[5]);
    ELSE
      v_text := v_tok[7];
    END IF;
    IF v_text IS NOT NULL THEN
      v_buf[array_length(v_buf, 1)] := v_buf[array_length(v_buf, 1)] || v_text;
    END IF;
  END LOOP;
  -- elements still open at the end close there
  WHILE array_length(v_tag, 1) > 1 LOOP
    v_kid := v_buf[array_length(v_buf, 1)];
    v_kid := CASE v_tag[array_length(v_tag, 1)]
               WHEN 'li' THEN E'\n- ' || regexp_replace(v_kid, '^' || c_ws || '+|' || c_ws || '+$', '', 'g')
               WHEN 'p' THEN E'\n' || v_kid || E'\n' WHEN 'ul' THEN E'\n' || v_kid || E'\n'
               WHEN 'ol' THEN E'\n' || v_kid || E'\n' WHEN 'pre' THEN E'\n' || v_kid || E'\n'
               ELSE v_kid END;
    v_buf := v_buf[1:array_length(v_buf, 1) - 1];
    v_tag := v_tag[1:array_length(v_tag, 1) - 1];
    v_buf[array_length(v_buf, 1)] := v_buf[array_length(v_buf, 1)] || v_kid;
  END LOOP;
  v_text := regexp_replace(v_buf[1], E'[ \t]+\n', E'\n', 'g');
  v_text := regexp_replace(v_text, E'\n{3,}', E'\n\n', 'g');
  RETURN regexp_replace(v_text, '^' || c_ws || '+|' || c_ws || '+$', '', 'g');
END
$$;

REVOKE ALL ON FUNCTION sec_check.plain_text(text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.plain_text(text) IS
  'Plain text of a message (the p/code/ul/ol/li/b/i/strong/em/br/pre subset of the reports): blocks become lines, list items "- ", entities decoded, anything else kept as text. What run() and the views return to psql; stored results keep the rich text.';
