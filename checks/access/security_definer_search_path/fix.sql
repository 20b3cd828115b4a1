-- Fix for security_definer_search_path: suggest (manual) pinning search_path on every
-- SECURITY DEFINER function that has none or ends with a schema other than pg_temp. Not
-- applied by the script: a body that relies on unqualified names must be fixed first.
-- Functions planted in pg_catalog are left to the report (dropping them is a decision).
SELECT format('ALTER FUNCTION %I.%I(%s) SET search_path = pg_catalog, pg_temp', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS statement,
       format('SECURITY DEFINER function %I.%I: search_path %s', n.nspname, p.proname, coalesce(quote_literal(cfg.path), 'not set')) AS comment,
       true AS manual
FROM pg_proc AS p
JOIN pg_namespace AS n ON n.oid = p.pronamespace
CROSS JOIN LATERAL (SELECT (SELECT substr(c, length('search_path=') + 1) FROM unnest(p.proconfig) AS c
                             WHERE c LIKE 'search\_path=%') AS path) AS cfg
WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                   WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  AND (cfg.path IS NULL OR lower(btrim((regexp_match(cfg.path, '([^,]*)$'))[1], ' "')) <> 'pg_temp')
ORDER BY n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)
