-- Login roles grouped by how pg_hba.conf sees them (blocks hba-role-match, hba-role-class).
-- rep: the role may open physical replication connections (REPLICATION or SUPERUSER).
WITH RECURSIVE
-- include: fact:hba_rules
, hba_source AS (SELECT * FROM hba_rules),
-- include: hba-lines
, hba_who AS (SELECT r.oid, r.rolname::text AS rolname, r.rolreplication OR r.rolsuper AS rep FROM pg_roles AS r WHERE r.rolcanlogin),
-- include: hba-role-match
,
-- include: hba-role-class
SELECT role_oid, rolname, role_class, rep FROM hba_role_class
