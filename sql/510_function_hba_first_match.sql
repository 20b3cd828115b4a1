-- since: 0.3.0
-- sec_check.hba_first_match(): which pg_hba.conf line decides how each login role gets in.
-- One row per login role, database (those that allow connections, plus "replication" for
-- roles with REPLICATION or SUPERUSER), address class (local socket, loopback, private
-- networks, anywhere) and deciding line; line_number NULL means no line matches some client of
-- that class (the connection is refused). The query is the checks' hba-first-match block
-- (checks/_lib/sql/hba-first-match.sql, put in by the build): the CLI command `sec-check hba`
-- runs the same text. SECURITY INVOKER: the caller needs to read pg_hba_file_rules
-- (a superuser, or a role granted SELECT on it and EXECUTE on this function).
CREATE OR REPLACE FUNCTION sec_check.hba_first_match()
RETURNS TABLE (rolname name, datname name, addr_class text, transports text, file_name text, line_number integer,
               auth_method text, line text, example_address text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $hba_matrix$
WITH RECURSIVE hba_role AS (
  SELECT oid, rolname FROM pg_roles WHERE rolcanlogin
),
-- include: hba-first-match
, hba_db(datname, replication) AS (
  SELECT datname, false FROM pg_database WHERE datallowconn
  UNION ALL SELECT 'replication', true
), decided AS (
  SELECT f.rolname, f.datname, f.addr_class, f.transport, f.addr, f.rule_order, f.auth_method, f.line,
         f.transport || ' ' || coalesce(host(f.addr), '') || ' ' || f.role_oid || ' ' || f.datname AS cell_key
    FROM hba_first AS f
), cell AS (
  SELECT f.rolname, f.datname, f.addr_class, f.transport, f.addr, f.rule_order, f.auth_method, f.line FROM decided AS f
  UNION ALL
  -- probes no line matches: refused
  SELECT u.rolname, d.datname, p.addr_class, p.transport, p.addr, NULL, NULL, NULL
    FROM hba_rep AS p
   CROSS JOIN hba_role AS u
    JOIN hba_db AS d ON NOT d.replication OR EXISTS (SELECT 1 FROM pg_roles AS r WHERE r.oid = u.oid AND (r.rolreplication OR r.rolsuper))
   WHERE (p.transport || ' ' || coalesce(host(p.addr), '') || ' ' || u.oid || ' ' || d.datname) NOT IN (SELECT cell_key FROM decided)
)
SELECT c.rolname::name, c.datname::name, c.addr_class,
       string_agg(DISTINCT c.transport, ',' ORDER BY c.transport) AS transports,
       h.file_name, h.line_number, c.auth_method, c.line,
       (array_agg(host(c.addr) ORDER BY c.addr IN ('203.0.113.7', '2001:db8::7') DESC, c.addr))[1] AS example_address
  FROM cell AS c
  LEFT JOIN hba_rules AS h ON h.rule_order = c.rule_order
 GROUP BY c.rolname, c.datname, c.addr_class, c.rule_order, h.file_name, h.line_number, c.auth_method, c.line
 ORDER BY c.rolname, c.datname, array_position(ARRAY['local', 'loopback', 'private', 'anywhere'], c.addr_class), c.rule_order NULLS LAST
$hba_matrix$;

COMMENT ON FUNCTION sec_check.hba_first_match() IS
  'For each login role, database and address class (local, loopback, private, anywhere): the pg_hba.conf line that decides the connection (file, line number, method); line_number NULL = no line matches, refused. Needs read access to pg_hba_file_rules.';

REVOKE ALL ON FUNCTION sec_check.hba_first_match() FROM PUBLIC;
