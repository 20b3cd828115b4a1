-- SECURITY DEFINER functions outside extensions whose search_path is not pinned, is pinned
-- to a path with a schema every role may create objects in (still hijackable), or does not
-- end with pg_temp (when pg_temp is not listed PostgreSQL searches it FIRST for tables and
-- views, so a caller's temporary table shadows the function's own; listed earlier, it still
-- comes before the schemas after it). And SECURITY DEFINER functions in pg_catalog that the
-- bootstrap superuser does not own and PUBLIC may execute (planted in the system schema).
WITH definer AS (
  SELECT p.oid, format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS name,
         (SELECT substr(cfg, length('search_path=') + 1) FROM unnest(p.proconfig) AS cfg
           WHERE cfg LIKE 'search\_path=%') AS path
  FROM pg_proc AS p
  JOIN pg_namespace AS n ON n.oid = p.pronamespace
  WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
    AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                     WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
), entries AS (
  SELECT d.name, e.pos, lower(btrim(e.entry, ' "')) AS entry
  FROM definer AS d
  CROSS JOIN LATERAL unnest(string_to_array(d.path, ',')) WITH ORDINALITY AS e(entry, pos)
  WHERE d.path IS NOT NULL
), writable AS (
  SELECT e.name, s.nspname
  FROM entries AS e
  JOIN pg_namespace AS s ON s.nspname = e.entry
  WHERE has_schema_privilege('public', s.oid, 'CREATE')
), temp_first AS (
  SELECT d.name, d.path
  FROM definer AS d
  WHERE d.path IS NOT NULL
    AND coalesce((SELECT e.entry FROM entries AS e WHERE e.name = d.name AND e.entry <> '' ORDER BY e.pos DESC LIMIT 1), '') <> 'pg_temp'
), planted AS (
  SELECT format('%I.%I(%s) owner %s', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), pg_get_userbyid(p.proowner)) AS name
  FROM pg_proc AS p
  JOIN pg_namespace AS n ON n.oid = p.pronamespace
  WHERE p.prosecdef AND n.nspname = 'pg_catalog' AND p.proowner <> 10
    AND has_function_privilege('public', p.oid, 'EXECUTE')
)
SELECT (SELECT count(*)::int FROM definer WHERE path IS NULL) AS count,
       (SELECT left(string_agg(name, ', ' ORDER BY name), 1500) FROM definer WHERE path IS NULL) AS list,
       (SELECT count(DISTINCT name)::int FROM writable) AS writable_count,
       (SELECT left(string_agg(DISTINCT name || ' → ' || nspname, ', '), 1500) FROM writable) AS writable_list,
       (SELECT count(*)::int FROM temp_first) AS temp_count,
       (SELECT left(string_agg(format('%s (search_path=%s)', name, path), ', ' ORDER BY name), 1500) FROM temp_first) AS temp_list,
       (SELECT count(*)::int FROM planted) AS planted_count,
       (SELECT left(string_agg(name, ', ' ORDER BY name), 1500) FROM planted) AS planted_list,
       current_database() AS database
