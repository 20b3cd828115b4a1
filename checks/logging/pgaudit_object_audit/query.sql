-- Object auditing logs access to the tables and columns on which the pgaudit.role role
-- holds privileges (in this database), so the role must exist and have grants.
SELECT s.preload,
       -- loaded: pgAudit's settings exist (an unloaded library's placeholders are not listed),
       -- whatever the spelling in shared_preload_libraries ($libdir/pgaudit, pgaudit.so ...)
       EXISTS (SELECT 1 FROM pg_settings WHERE name = 'pgaudit.role') AS loaded,
       s.audit_role,
       r.oid IS NOT NULL AS role_exists,
       (SELECT count(*) FROM pg_class AS c CROSS JOIN LATERAL aclexplode(c.relacl) AS a
         WHERE a.grantee = r.oid)::int AS table_grants,
       (SELECT count(*) FROM pg_attribute AS t CROSS JOIN LATERAL aclexplode(t.attacl) AS a
         WHERE a.grantee = r.oid)::int AS column_grants,
       current_database() AS database
FROM (SELECT (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS preload,
             (SELECT setting FROM pg_settings WHERE name = 'pgaudit.role') AS audit_role) AS s
LEFT JOIN pg_roles AS r ON r.rolname = s.audit_role
