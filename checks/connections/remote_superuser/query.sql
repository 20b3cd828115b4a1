-- Can a superuser-equivalent login role connect over TCP/IP from another host? For each such
-- role, database and remote probe address the first matching pg_hba.conf line decides (see
-- the fact hba_decision); any first match that is not reject admits it.
WITH RECURSIVE
-- include: fact:su_equiv
,
-- include: fact:hba_rules
,
-- include: fact:hba_role_class
,
-- include: fact:hba_decision
, hba_source AS (SELECT * FROM hba_rules),
-- include: hba-lines
,
-- include: hba-first
, hba_role AS (
  SELECT c.role_oid AS oid, c.rolname, c.role_class FROM su_equiv AS s JOIN hba_role_class AS c ON c.role_oid = s.oid WHERE s.rolcanlogin
), admitted_class AS (
  SELECT f.role_class, f.line, min(f.rule_order) AS rule_order,
         (array_agg(host(f.addr) ORDER BY f.addr IN ('203.0.113.7', '2001:db8::7') DESC, f.addr))[1] AS example, (array_agg(f.datname ORDER BY f.datname))[1] AS database
    FROM hba_first AS f
   WHERE f.remote AND f.auth_method <> 'reject' AND f.role_class IN (SELECT role_class FROM hba_role)
   GROUP BY f.role_class, f.line
), admitted AS (
  SELECT r.rolname, a.line, a.rule_order, a.example, a.database FROM admitted_class AS a JOIN hba_role AS r ON r.role_class = a.role_class
)
SELECT (SELECT setting FROM pg_settings WHERE name = 'listen_addresses') AS listen_addresses,
       (SELECT count(*) FROM hba_role)::int AS superusers,
       (SELECT count(DISTINCT line) FROM admitted)::int AS allowing_lines,
       (SELECT left(string_agg(format('%s via %s (e.g. from %s to database %s)', rolname, line, example, database), '; '
                               ORDER BY rule_order, rolname), 1500) FROM admitted) AS list,
       (SELECT error_lines FROM hba_file) AS error_lines,
       (SELECT errors FROM hba_file) AS errors,
       (SELECT changed_since_load FROM hba_file) AS changed_since_load
