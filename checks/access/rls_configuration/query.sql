-- Policies on a table without ROW LEVEL SECURITY enabled are silently ignored.
SELECT count(*) FILTER (WHERE c.relrowsecurity)::int AS rls_tables,
       count(*) FILTER (WHERE p.policies > 0 AND NOT c.relrowsecurity)::int AS ignored,
       left(string_agg(format('%I.%I', n.nspname, c.relname), ', ' ORDER BY n.nspname, c.relname)
              FILTER (WHERE p.policies > 0 AND NOT c.relrowsecurity), 1000) AS ignored_tables,
       left(string_agg(format('%I.%I', n.nspname, c.relname), ', ' ORDER BY n.nspname, c.relname)
              FILTER (WHERE c.relrowsecurity AND NOT c.relforcerowsecurity), 1000) AS not_forced,
       (SELECT left(string_agg(rolname, ', ' ORDER BY rolname), 500) FROM pg_roles
         WHERE rolbypassrls AND NOT rolsuper) AS bypass_roles,
       current_database() AS database
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
-- policies counted once per table (a hash join), not by a lookup per table
LEFT JOIN (SELECT polrelid, count(*) AS policies FROM pg_policy GROUP BY polrelid) AS p ON p.polrelid = c.oid
WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
