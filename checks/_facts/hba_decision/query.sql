-- The deciding line per role class, database and probe (block hba-decide), matched for one
-- role of each class (its user and sameuser/samerole matches stand for the class's).
WITH RECURSIVE
-- include: fact:hba_rules
,
-- include: fact:hba_role_class
, hba_source AS (SELECT * FROM hba_rules),
-- include: hba-lines
,
-- include: hba-role-match
,
-- include: hba-decide
-- refused probes (no line matches) are left out: the checks read what decides, and the fact stays small
SELECT role_class, datname, replication, transport, addr, remote, addr_class, rule_order FROM hba_decision WHERE rule_order IS NOT NULL
