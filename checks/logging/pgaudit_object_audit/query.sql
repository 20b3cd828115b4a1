-- Object auditing logs access to the tables and columns on which the pgaudit.role role
-- holds privileges (in this database), so the role must exist and have grants.
-- The grants are counted from the ACLs (aclexplode) of the relations that can hold one:
-- those of this database that pg_shdepend says name the role (an index lookup: every grant
-- to a role other than the owner is recorded there, and ownership), plus the initdb-made
-- ones (oid < 16384), for which PostgreSQL records no such dependency. Scanning every ACL
-- of pg_class and pg_attribute took seconds on a million relations.
WITH s AS (
  SELECT (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS preload,
         (SELECT setting FROM pg_settings WHERE name = 'pgaudit.role') AS audit_role
), r AS (
  SELECT oid FROM pg_roles WHERE rolname = (SELECT audit_role FROM s)
), named AS (
  SELECT DISTINCT d.objid AS oid
    FROM pg_shdepend AS d
   WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = (SELECT oid FROM r)
     AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'o') AND d.objid >= 16384
     AND d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
), rels AS (
  SELECT c.oid, c.relacl FROM pg_class AS c WHERE c.oid < 16384 AND c.relacl IS NOT NULL
  UNION ALL
  SELECT c.oid, c.relacl FROM named JOIN pg_class AS c ON c.oid = named.oid
), cols AS (
  SELECT t.attacl FROM pg_attribute AS t WHERE t.attrelid < 16384 AND t.attacl IS NOT NULL
  UNION ALL
  SELECT t.attacl FROM named JOIN pg_attribute AS t ON t.attrelid = named.oid AND t.attacl IS NOT NULL
)
SELECT s.preload,
       -- loaded: pgAudit's settings exist (an unloaded library's placeholders are not listed),
       -- whatever the spelling in shared_preload_libraries ($libdir/pgaudit, pgaudit.so ...)
       EXISTS (SELECT 1 FROM pg_settings WHERE name = 'pgaudit.role') AS loaded,
       s.audit_role,
       r.oid IS NOT NULL AS role_exists,
       (SELECT count(*) FROM rels CROSS JOIN LATERAL aclexplode(rels.relacl) AS a
         WHERE a.grantee = r.oid)::int AS table_grants,
       (SELECT count(*) FROM cols CROSS JOIN LATERAL aclexplode(cols.attacl) AS a
         WHERE a.grantee = r.oid)::int AS column_grants,
       current_database() AS database
FROM s
LEFT JOIN r ON true
