-- Local (Unix-socket) connections: the first matching line for each login role and database
-- (the fact hba_decision). trust lets every OS account on the host in as that role.
-- Before PostgreSQL 15 pg_ident.conf cannot be read from SQL: maps in use are listed for review.
WITH RECURSIVE
-- include: fact:hba_rules
,
-- include: fact:hba_role_class
,
-- include: fact:hba_decision

, hba_source AS (SELECT * FROM hba_rules),
-- include: hba-lines
,
-- include: hba-first
, local_first AS (
  SELECT DISTINCT f.role_class, f.line, f.rule_order, f.auth_method,
         (SELECT substr(o, 5) FROM unnest(f.options) AS o WHERE o LIKE 'map=%') AS map
    FROM hba_first AS f
   WHERE f.transport = 'local'
)
SELECT false AS maps_readable,
       0 AS risky_count,
       NULL::text AS risky_maps,
       (SELECT string_agg(DISTINCT map, ', ') FROM local_first WHERE map IS NOT NULL AND auth_method IN ('peer', 'ident')) AS maps,
       (SELECT count(*) FROM hba_line WHERE type = 'local')::int AS local_lines,
       (SELECT count(DISTINCT rule_order) FROM local_first WHERE auth_method = 'trust')::int AS trust_count,
       (SELECT left(string_agg(DISTINCT line, '; '), 1500) FROM local_first WHERE auth_method = 'trust') AS trust_lines,
       (SELECT error_lines FROM hba_file) AS error_lines,
       (SELECT errors FROM hba_file) AS errors,
       (SELECT changed_since_load FROM hba_file) AS changed_since_load
