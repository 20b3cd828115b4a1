-- Can a superuser-equivalent login role connect over TCP/IP from another host? For each such
-- role, database and remote probe address the first matching pg_hba.conf line decides (see
-- the hba-first-match block); any first match that is not reject admits it.
WITH RECURSIVE
-- include: fact:su_equiv
, hba_role AS (
  SELECT oid, rolname FROM su_equiv WHERE rolcanlogin
),
-- include: hba-first-match
, admitted AS (
  SELECT f.rolname, f.line, min(f.rule_order) AS rule_order,
         (array_agg(host(f.addr) ORDER BY f.addr IN ('203.0.113.7', '2001:db8::7') DESC, f.addr))[1] AS example, (array_agg(f.datname ORDER BY f.datname))[1] AS database
    FROM hba_first AS f
   WHERE f.remote AND f.auth_method <> 'reject'
   GROUP BY f.rolname, f.line
)
SELECT (SELECT setting FROM pg_settings WHERE name = 'listen_addresses') AS listen_addresses,
       (SELECT count(*) FROM hba_role)::int AS superusers,
       (SELECT count(DISTINCT line) FROM admitted)::int AS allowing_lines,
       (SELECT left(string_agg(format('%s via %s (e.g. from %s to database %s)', rolname, line, example, database), '; '
                               ORDER BY rule_order, rolname), 1500) FROM admitted) AS list,
       (SELECT error_lines FROM hba_file) AS error_lines,
       (SELECT errors FROM hba_file) AS errors,
       (SELECT changed_since_load FROM hba_file) AS changed_since_load
