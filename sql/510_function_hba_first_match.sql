-- since: 0.3.0
-- sec_check.hba_first_match(): which pg_hba.conf line decides how each login role gets in.
-- One row per login role, database (those that allow connections, plus "replication" for
-- roles with REPLICATION or SUPERUSER), address class (local socket, loopback, private
-- networks, anywhere) and deciding line; line_number NULL means no line matches some client of
-- that class (the connection is refused). The query is made of the blocks the hba facts are
-- made of (checks/_lib/sql/hba-*.sql, put in by the build), reading the view through the
-- hba-source block: the CLI command `sec-check hba` runs the same text, or (--hba-file) the
-- same text after its own hba_source of the rows it parsed from the file. SECURITY INVOKER: the caller needs to read pg_hba_file_rules
-- (a superuser, or a role granted SELECT on it and EXECUTE on this function).
CREATE OR REPLACE FUNCTION sec_check.hba_first_match()
RETURNS TABLE (rolname name, datname name, addr_class text, transports text, file_name text, line_number integer,
               auth_method text, line text, example_address text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $hba_matrix$
WITH RECURSIVE
-- include: hba-source
,
-- include: hba-lines
, hba_who AS (SELECT r.oid, r.rolname::text AS rolname, r.rolreplication OR r.rolsuper AS rep FROM pg_roles AS r WHERE r.rolcanlogin),
-- include: hba-role-match
,
-- include: hba-role-class
,
-- include: hba-decide
-- decided once per class (databases, address class, deciding line), then given to its roles
, hba_cell AS (
  SELECT d.role_class, d.datname, d.replication, d.addr_class, d.rule_order,
         string_agg(DISTINCT d.transport, ',' ORDER BY d.transport) AS transports,
         (array_agg(host(d.addr) ORDER BY d.addr IN ('203.0.113.7', '2001:db8::7') DESC, d.addr))[1] AS example_address
    FROM hba_decision AS d
   GROUP BY d.role_class, d.datname, d.replication, d.addr_class, d.rule_order
)
SELECT c.rolname::name, x.datname::name, x.addr_class, x.transports,
       h.file_name, h.line_number, h.auth_method, h.line, x.example_address
  FROM hba_cell AS x
  JOIN hba_role_class AS c ON c.role_class = x.role_class
  LEFT JOIN hba_line AS h ON h.rule_order = x.rule_order
 ORDER BY c.rolname, x.datname, array_position(ARRAY['local', 'loopback', 'private', 'anywhere'], x.addr_class), x.rule_order NULLS LAST
$hba_matrix$;

COMMENT ON FUNCTION sec_check.hba_first_match() IS
  'For each login role, database and address class (local, loopback, private, anywhere): the pg_hba.conf line that decides the connection (file, line number, method); line_number NULL = no line matches, refused. Needs read access to pg_hba_file_rules.';

REVOKE ALL ON FUNCTION sec_check.hba_first_match() FROM PUBLIC;
