-- Secrets stored in the catalog, found by pattern and reported masked: the SELECT returns
-- only the key name (or a fixed prefix) and the secret's length, never the secret itself.
-- Places: function bodies, view and materialized view definitions, comments (per-database
-- and shared), pg_cron job commands, subscription connection strings, foreign server and
-- user mapping options, ALTER ROLE/DATABASE ... SET values, extension configuration tables.
-- Extension members and the pg_catalog/information_schema schemas are vendor code and are
-- left out, and so is sec_check itself (its tables hold masked evidence and packs).
-- A place the role cannot fully read comes back as kind 'unreadable' with the privilege.
WITH ext_member AS (
  SELECT classid, objid FROM pg_catalog.pg_depend WHERE deptype = 'e'
),
me AS (
  SELECT r.rolsuper OR r.rolbypassrls AS sees_all_rows, r.rolsuper AS superuser
  FROM pg_catalog.pg_roles r WHERE r.rolname = current_user
),
cron AS (
  -- no row when pg_cron is not installed
  SELECT c.oid AS job, has_schema_privilege(c.relnamespace, 'USAGE') AND has_table_privilege(c.oid, 'SELECT') AS readable
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'cron' AND c.relname = 'job' -- not to_regclass: it needs USAGE on the schema
),
config_tables AS (
  -- pg_cron's tables are left out: cron.job is its own place, job_run_details copies it
  SELECT e.extname, t.oid AS tab, c.relrowsecurity, c.relname, n.nspname,
         has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(t.oid, 'SELECT') AS readable,
         pg_catalog.pg_total_relation_size(t.oid) > 16 * 1024 * 1024 AS too_large
  FROM pg_catalog.pg_extension e
  CROSS JOIN LATERAL unnest(e.extconfig) AS t(oid)
  JOIN pg_catalog.pg_class c ON c.oid = t.oid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE e.extname NOT IN ('sec_check', 'pg_cron') AND e.extconfig IS NOT NULL AND c.relkind = 'r'
),
texts(place, object, body) AS (
  -- a SQL-standard body (BEGIN ATOMIC, 14+) leaves prosrc empty: read its definition instead
  SELECT 'function', quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
         CASE WHEN coalesce(p.prosrc, '') = '' AND p.prokind IN ('f', 'p') THEN pg_catalog.pg_get_functiondef(p.oid) ELSE p.prosrc END
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  WHERE l.lanname NOT IN ('internal', 'c')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND NOT EXISTS (SELECT 1 FROM ext_member d WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid)
  UNION ALL
  SELECT CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END,
         quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_catalog.pg_get_viewdef(c.oid)
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('v', 'm')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND NOT EXISTS (SELECT 1 FROM ext_member d WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid)
  UNION ALL
  SELECT 'comment', o.type || ' ' || o.identity, d.description
  FROM pg_catalog.pg_description d
  CROSS JOIN LATERAL pg_catalog.pg_identify_object(d.classoid, d.objoid, d.objsubid) o
  WHERE d.objoid >= 16384
    AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = d.classoid AND e.objid = d.objoid)
  UNION ALL
  SELECT 'comment', o.type || ' ' || o.identity, d.description
  FROM pg_catalog.pg_shdescription d
  CROSS JOIN LATERAL pg_catalog.pg_identify_object(d.classoid, d.objoid, 0) o
  WHERE d.objoid >= 16384
  UNION ALL
  SELECT 'role/database setting',
         CASE WHEN s.setrole = 0 AND s.setdatabase = 0 THEN 'all roles, all databases'
              ELSE concat_ws(' ', 'role ' || quote_ident(r.rolname), 'database ' || quote_ident(db.datname)) END,
         cfg
  FROM pg_catalog.pg_db_role_setting s
  LEFT JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
  LEFT JOIN pg_catalog.pg_database db ON db.oid = s.setdatabase
  CROSS JOIN LATERAL unnest(s.setconfig) AS cfg
  UNION ALL
  SELECT 'foreign server', 'server ' || quote_ident(s.srvname), opt
  FROM pg_catalog.pg_foreign_server s
  CROSS JOIN LATERAL unnest(s.srvoptions) AS opt
  WHERE has_column_privilege('pg_catalog.pg_foreign_server', 'srvoptions', 'SELECT')
  UNION ALL
  SELECT 'user mapping', 'user mapping for ' || quote_ident(u.usename) || ' on server ' || quote_ident(u.srvname), opt
  FROM pg_catalog.pg_user_mappings u
  CROSS JOIN LATERAL unnest(u.umoptions) AS opt
  UNION ALL
  -- subconninfo is not granted to PUBLIC: read it only through a guarded literal query
  SELECT 'subscription', 'subscription ' || quote_ident(x.r ->> 'subname'), x.r ->> 'subconninfo'
  FROM (
    SELECT CASE WHEN has_column_privilege('pg_catalog.pg_subscription', 'subconninfo', 'SELECT')
      THEN pg_catalog.query_to_xml('SELECT pg_catalog.json_build_object(''subname'', subname, ''subconninfo'', subconninfo)::text AS r FROM pg_catalog.pg_subscription', false, false, '') END AS doc
  ) q
  CROSS JOIN LATERAL unnest(xpath('/table/row/r/text()', q.doc)) AS v(r)
  CROSS JOIN LATERAL (SELECT (v.r::text)::jsonb AS r) x
  UNION ALL
  SELECT 'pg_cron job', 'cron job ' || (x.r ->> 'jobid') || coalesce(' (' || (x.r ->> 'jobname') || ')', ''), x.r ->> 'command'
  FROM cron
  CROSS JOIN LATERAL (
    SELECT CASE WHEN cron.readable
      THEN pg_catalog.query_to_xml('SELECT pg_catalog.row_to_json(j)::text AS r FROM cron.job j', false, false, '') END AS doc
  ) q
  CROSS JOIN LATERAL unnest(xpath('/table/row/r/text()', q.doc)) AS v(r)
  CROSS JOIN LATERAL (SELECT (v.r::text)::jsonb AS r) x
  UNION ALL
  SELECT 'extension configuration table', t.extname || ': ' || quote_ident(t.nspname) || '.' || quote_ident(t.relname), v.r::text
  FROM config_tables t
  CROSS JOIN LATERAL (
    SELECT CASE WHEN t.readable AND NOT t.too_large
      THEN pg_catalog.table_to_xml(t.tab, false, false, '') END AS doc
  ) q
  CROSS JOIN LATERAL unnest(xpath('//row/*/text()', q.doc)) AS v(r)
),
-- include: secret-patterns
,
found AS (
  SELECT t.place, t.object, p.kind, m
  FROM (SELECT * FROM texts
        -- one cheap test first: every match holds one of the patterns' anchors
        WHERE lower(body) ~ (SELECT anchors FROM secret_prefilter)) t
  CROSS JOIN secret_patterns p
  CROSS JOIN LATERAL regexp_match(t.body, p.pattern, p.flags) AS m
  WHERE m IS NOT NULL
),
findings AS (
  -- one row per object and place: the first kind found, masked
  SELECT DISTINCT ON (place, object) place, object, kind,
         m[1] || '****' || ' (' || length(m[2]) || ' chars)' AS sample
  FROM found
  ORDER BY place, object, kind
),
unreadable(place, object, privilege) AS (
  SELECT 'subscription', NULL::text, 'SELECT on pg_subscription.subconninfo (superuser)'
  WHERE NOT has_column_privilege('pg_catalog.pg_subscription', 'subconninfo', 'SELECT')
    AND EXISTS (SELECT 1 FROM pg_catalog.pg_subscription)
  UNION ALL
  SELECT 'foreign server', NULL, 'SELECT on pg_foreign_server.srvoptions'
  WHERE NOT has_column_privilege('pg_catalog.pg_foreign_server', 'srvoptions', 'SELECT')
  UNION ALL
  SELECT 'user mapping', count(*) || ' mapping(s)', 'superuser, or ownership of the foreign server'
  FROM pg_catalog.pg_user_mappings u
  JOIN pg_catalog.pg_foreign_server s ON s.oid = u.srvid, me
  WHERE NOT me.superuser
    AND NOT (has_server_privilege(u.srvid, 'USAGE')
             AND (pg_has_role(s.srvowner, 'USAGE') OR u.umuser = 0
                  OR u.umuser = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)))
  HAVING count(*) > 0
  UNION ALL
  SELECT 'pg_cron job', 'cron.job',
         CASE WHEN NOT cron.readable
              THEN 'USAGE on schema cron and SELECT on cron.job'
              ELSE 'superuser or BYPASSRLS (cron.job shows each role only its own jobs)' END
  FROM cron, me
  WHERE NOT cron.readable OR NOT me.sees_all_rows
  UNION ALL
  SELECT 'extension configuration table', t.extname || ': ' || quote_ident(t.nspname) || '.' || quote_ident(t.relname),
         CASE WHEN NOT t.readable THEN 'USAGE on its schema and SELECT on ' || quote_ident(t.nspname) || '.' || quote_ident(t.relname)
              WHEN t.too_large THEN 'not searched: larger than 16 MB'
              ELSE 'BYPASSRLS (row-level security hides rows)' END
  FROM config_tables t, me
  WHERE NOT t.readable OR t.too_large OR (t.relrowsecurity AND NOT me.sees_all_rows)
)
SELECT place, object, kind, sample FROM (SELECT * FROM findings ORDER BY place, object LIMIT 200) f
UNION ALL
SELECT place, object, 'unreadable', privilege FROM unreadable
