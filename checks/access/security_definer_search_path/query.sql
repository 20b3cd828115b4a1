-- SECURITY DEFINER functions outside extensions (the definer_functions fact: search_path split
-- as PostgreSQL splits it, quoted names and "$user" included) whose search_path is not pinned,
-- is pinned through a schema every role may create objects in (still hijackable), or does not
-- end with pg_temp (when pg_temp is not listed PostgreSQL searches it FIRST for tables and
-- views, so a caller's temporary table shadows the function's own; listed earlier, it still
-- comes before the schemas after it). And SECURITY DEFINER functions in pg_catalog that the
-- bootstrap superuser does not own and PUBLIC may execute (planted in the system schema).
WITH
-- include: fact:definer_functions
, definer AS (
  SELECT d.* FROM definer_functions AS d
   WHERE d.secdef AND NOT d.extension
     AND d.schema NOT IN ('pg_catalog', 'information_schema') AND d.schema NOT LIKE 'pg\_%'
), writable AS (
  SELECT DISTINCT d.sig AS name, s.nspname
    FROM definer AS d
   CROSS JOIN LATERAL unnest(d.path_schemas) AS e(name)
    JOIN pg_namespace AS s ON s.nspname = e.name
   WHERE d.pinned AND has_schema_privilege('public', s.oid, 'CREATE')
), temp_first AS (
  SELECT d.sig AS name, d.path FROM definer AS d
   WHERE d.pinned AND d.temp_pos <> cardinality(d.path_schemas)
), planted AS (
  SELECT format('%s owner %s', d.sig, d.owner_name) AS name FROM definer_functions AS d
   WHERE d.secdef AND d.schema = 'pg_catalog' AND d.owner <> 10 AND d.public_execute
)
SELECT (SELECT count(*)::int FROM definer WHERE NOT pinned) AS count,
       (SELECT left(string_agg(sig, ', ' ORDER BY sig), 1500) FROM definer WHERE NOT pinned) AS list,
       (SELECT count(DISTINCT name)::int FROM writable) AS writable_count,
       (SELECT left(string_agg(name || ' → ' || nspname, ', ' ORDER BY name, nspname), 1500) FROM writable) AS writable_list,
       (SELECT count(*)::int FROM temp_first) AS temp_count,
       (SELECT left(string_agg(format('%s (search_path=%s)', name, path), ', ' ORDER BY name), 1500) FROM temp_first) AS temp_list,
       (SELECT count(*)::int FROM planted) AS planted_count,
       (SELECT left(string_agg(name, ', ' ORDER BY name), 1500) FROM planted) AS planted_list,
       current_database() AS database
