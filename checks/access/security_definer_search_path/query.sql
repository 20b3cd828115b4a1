-- SECURITY DEFINER functions outside extensions whose search_path is not pinned, or is
-- pinned to a path with a schema every role may create objects in (still hijackable).
WITH definer AS (
  SELECT p.oid, format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS name,
         (SELECT substr(cfg, length('search_path=') + 1) FROM unnest(p.proconfig) AS cfg
           WHERE cfg LIKE 'search\_path=%') AS path
  FROM pg_proc AS p
  JOIN pg_namespace AS n ON n.oid = p.pronamespace
  WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
    AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                     WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
), writable AS (
  SELECT d.name, s.nspname
  FROM definer AS d
  CROSS JOIN LATERAL unnest(string_to_array(d.path, ',')) AS e(entry)
  JOIN pg_namespace AS s ON s.nspname = btrim(e.entry, ' "')
  WHERE d.path IS NOT NULL AND has_schema_privilege('public', s.oid, 'CREATE')
)
SELECT (SELECT count(*)::int FROM definer WHERE path IS NULL) AS count,
       (SELECT left(string_agg(name, ', ' ORDER BY name), 1500) FROM definer WHERE path IS NULL) AS list,
       (SELECT count(DISTINCT name)::int FROM writable) AS writable_count,
       (SELECT left(string_agg(DISTINCT name || ' → ' || nspname, ', '), 1500) FROM writable) AS writable_list,
       current_database() AS database
