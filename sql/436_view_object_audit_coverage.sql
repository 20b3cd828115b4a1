-- since: 0.3.0
-- What pgAudit object logging covers in this database, read live from the ACLs (never from
-- a list of our own that could drift from them): every table/column on which the role named
-- by pgaudit.role holds SELECT/INSERT/UPDATE/DELETE. pgAudit checks privileges the way the
-- executor does, so a grant to PUBLIC counts too (granted_via = 'PUBLIC'). A table-level
-- grant (column_name NULL) covers every column.
CREATE OR REPLACE VIEW sec_check.object_audit_coverage AS
WITH audit_role AS (
  SELECT r.oid, r.rolname
    FROM pg_catalog.pg_settings AS s JOIN pg_catalog.pg_roles AS r ON r.rolname = s.setting
   WHERE s.name = 'pgaudit.role'
), rels AS (
  SELECT c.oid, n.nspname, c.relname, c.relacl
    FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
     AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
)
SELECT DISTINCT rels.nspname AS schema_name, rels.relname AS table_name, NULL::name AS column_name,
       a.privilege_type AS action,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE ar.rolname::text END AS granted_via,
       ar.rolname AS audit_role
  FROM rels CROSS JOIN audit_role AS ar CROSS JOIN LATERAL pg_catalog.aclexplode(rels.relacl) AS a
 WHERE a.grantee IN (ar.oid, 0) AND a.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE')
UNION
SELECT DISTINCT rels.nspname, rels.relname, t.attname, a.privilege_type,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE ar.rolname::text END, ar.rolname
  FROM rels CROSS JOIN audit_role AS ar
  JOIN pg_catalog.pg_attribute AS t ON t.attrelid = rels.oid AND t.attnum > 0 AND NOT t.attisdropped
  CROSS JOIN LATERAL pg_catalog.aclexplode(t.attacl) AS a
 WHERE a.grantee IN (ar.oid, 0) AND a.privilege_type IN ('SELECT', 'INSERT', 'UPDATE');
COMMENT ON VIEW sec_check.object_audit_coverage IS
  'pgAudit object logging coverage in this database, derived live from pg_class/pg_attribute ACLs: each table (column_name NULL: all its columns) or column and action (SELECT, INSERT, UPDATE, DELETE) on which the pgaudit.role role, or PUBLIC, holds the privilege. Empty when pgaudit is not loaded or pgaudit.role names no role.';
REVOKE ALL ON sec_check.object_audit_coverage FROM PUBLIC;
COMMENT ON COLUMN sec_check.object_audit_coverage.schema_name IS 'Schema of the covered table.';
COMMENT ON COLUMN sec_check.object_audit_coverage.table_name IS 'The covered table, view or foreign table.';
COMMENT ON COLUMN sec_check.object_audit_coverage.column_name IS 'The covered column; NULL: the grant is on the whole table.';
COMMENT ON COLUMN sec_check.object_audit_coverage.action IS 'SELECT, INSERT, UPDATE or DELETE.';
COMMENT ON COLUMN sec_check.object_audit_coverage.granted_via IS 'The pgaudit.role role, or PUBLIC.';
COMMENT ON COLUMN sec_check.object_audit_coverage.audit_role IS 'The pgaudit.role role.';
