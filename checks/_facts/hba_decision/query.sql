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
-- compact: refused probes (no line matches) are left out, and the databases and probe
-- addresses a line decides alike are one row (datnames; addr: one address of them, a
-- documentation address when there is one) — every check reads these rows
SELECT d.role_class, array_agg(DISTINCT d.datname ORDER BY d.datname) AS datnames, d.replication, d.transport,
       (array_agg(d.addr ORDER BY d.addr IN ('203.0.113.7', '2001:db8::7') DESC, d.addr))[1] AS addr,
       d.remote, d.addr_class, d.rule_order
  FROM hba_decision AS d
 WHERE d.rule_order IS NOT NULL
 GROUP BY d.role_class, d.replication, d.transport, d.remote, d.addr_class, d.rule_order
