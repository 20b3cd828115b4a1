-- block: hba-first-match (checks/_lib/sql/hba-first-match.sql, included by every check that asks "which pg_hba.conf line
-- decides this connection"; docs/verdicts.md). Before it the query defines hba_role(oid,
-- rolname): the roles to try. For every such role, every database that allows connections
-- and every probe (a Unix-socket connection; TCP from the first, last, before-first and
-- after-last address of every line's range plus one public IPv4 and IPv6 address, over
-- plain TCP, TLS and GSS encryption; the first, last and neighbouring addresses of the
-- address classes too, so every class part of every line's range is probed: addr_class is
-- local (socket), loopback, private (RFC 1918, fc00::/7) or anywhere; probes that pass the
-- same lines are tried once, as hba_rep, one address standing for its region) it finds the first line that matches, in the order
-- PostgreSQL reads them (rule_number on 16+, which follows include files; line_number
-- before). Users: all, names, +group (a member through any chain; superusers get no
-- shortcut), /regex (16+). Databases: all, names, sameuser, samerole, /regex (16+); a
-- physical replication connection (roles with REPLICATION or SUPERUSER) is tried as the
-- database "replication", which only the replication keyword matches.
-- Host names and samenet cannot be resolved here: such a line is taken to match when it
-- admits and not to match when it rejects, so an uncertain line never hides an admission.
hba_rules AS (
  SELECT coalesce((to_jsonb(r) ->> 'rule_number')::int, r.line_number) AS rule_order,
         r.line_number, coalesce(to_jsonb(r) ->> 'file_name', (SELECT setting FROM pg_settings WHERE name = 'hba_file')) AS file_name,
         r.type, r.database, r.user_name, r.address, r.auth_method, coalesce(r.options, '{}') AS options,
         CASE WHEN r.netmask IS NOT NULL THEN r.address::inet END AS ip,
         CASE WHEN r.netmask IS NOT NULL THEN r.netmask::inet END AS mask,
         format('line %s%s: %s %s %s %s %s', r.line_number,
                coalesce(' of ' || nullif(regexp_replace(to_jsonb(r) ->> 'file_name', '^.*/', ''), 'pg_hba.conf'), ''),
                r.type, array_to_string(r.database, ','), array_to_string(r.user_name, ','),
                coalesce(r.address || coalesce('/' || r.netmask, ''), ''),
                r.auth_method || coalesce(' ' || array_to_string(r.options, ' '), '')) AS line
    FROM pg_hba_file_rules AS r
   WHERE r.error IS NULL
), hba_file AS (
  SELECT count(*) FILTER (WHERE r.error IS NOT NULL)::int AS error_lines,
         left(string_agg(format('line %s: %s', r.line_number, r.error), '; ' ORDER BY r.line_number)
                FILTER (WHERE r.error IS NOT NULL), 500) AS errors,
         -- a file changed after the last reload is not what is in force (needs file access)
         CASE WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                   OR pg_has_role(current_user, 'pg_read_server_files', 'USAGE')
              THEN EXISTS (SELECT 1 FROM (SELECT DISTINCT coalesce(to_jsonb(f) ->> 'file_name',
                                                                   (SELECT setting FROM pg_settings WHERE name = 'hba_file')) AS name
                                            FROM pg_hba_file_rules AS f) AS x
                            -- pg_stat_file has whole seconds: only a later second proves a later change
                            WHERE (pg_stat_file(x.name, true)).modification > date_trunc('second', pg_conf_load_time()))
         END AS changed_since_load
    FROM pg_hba_file_rules AS r
), hba_member(member, roleid) AS (
  SELECT oid, oid FROM hba_role
  UNION
  SELECT m.member, am.roleid FROM pg_auth_members AS am JOIN hba_member AS m ON am.member = m.roleid
), hba_class(addr_class, net) AS (
  -- address classes: loopback counts as local (the client is on the server's host)
  VALUES ('loopback', '127.0.0.0/8'::inet), ('loopback', '::1/128'::inet),
         ('private', '10.0.0.0/8'::inet), ('private', '172.16.0.0/12'::inet), ('private', '192.168.0.0/16'::inet),
         ('private', 'fc00::/7'::inet)
), hba_range(ip, mask) AS (
  SELECT h.ip, h.mask FROM hba_rules AS h WHERE h.ip IS NOT NULL
  UNION SELECT network(c.net), netmask(c.net) FROM hba_class AS c
), hba_addr(addr) AS (
  SELECT DISTINCT v.a
    FROM hba_range AS h
   CROSS JOIN LATERAL (SELECT host(h.ip & h.mask)::inet AS lo, host(h.ip | ~h.mask)::inet AS hi) AS b
   CROSS JOIN LATERAL (VALUES (b.lo), (b.hi),
       (CASE WHEN b.lo > (CASE family(b.lo) WHEN 4 THEN '0.0.0.0' ELSE '::' END)::inet THEN b.lo - 1 END),
       (CASE WHEN b.hi < (CASE family(b.hi) WHEN 4 THEN '255.255.255.255' ELSE 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' END)::inet
             THEN b.hi + 1 END)) AS v(a)
   WHERE v.a IS NOT NULL
  UNION SELECT '203.0.113.7'::inet
  UNION SELECT '2001:db8::7'::inet
), hba_probe(transport, addr, remote, addr_class) AS (
  SELECT 'local', NULL::inet, false, 'local'
  UNION ALL
  SELECT t.transport, a.addr, NOT (a.addr <<= '127.0.0.0/8'::inet OR a.addr = '::1'::inet),
         coalesce((SELECT c.addr_class FROM hba_class AS c WHERE a.addr <<= c.net LIMIT 1), 'anywhere')
    FROM hba_addr AS a CROSS JOIN (VALUES ('plain'), ('ssl'), ('gss')) AS t(transport)
   WHERE t.transport <> 'ssl' OR (SELECT setting FROM pg_settings WHERE name = 'ssl') = 'on'
), hba_rd AS (
  -- the lines each role and database pass on users and databases (the address comes next)
  SELECT u.oid AS role_oid, u.rolname, d.datname, h.rule_order
    FROM hba_role AS u
   CROSS JOIN (SELECT datname, false AS replication FROM pg_database WHERE datallowconn
               UNION ALL SELECT 'replication', true) AS d
    JOIN hba_rules AS h
      ON EXISTS (SELECT 1 FROM unnest(h.user_name) AS x(n)
                  WHERE x.n IN ('all', u.rolname)
                     OR (x.n LIKE '+%' AND EXISTS (SELECT 1 FROM hba_member AS m JOIN pg_roles AS g ON g.oid = m.roleid
                                                   WHERE m.member = u.oid AND g.rolname = substr(x.n, 2)))
                     OR CASE WHEN x.n LIKE '/%' AND current_setting('server_version_num')::int >= 160000
                             THEN u.rolname ~ substr(x.n, 2) ELSE false END)
     AND (NOT d.replication OR EXISTS (SELECT 1 FROM pg_roles AS r WHERE r.oid = u.oid AND (r.rolreplication OR r.rolsuper)))
     AND EXISTS (SELECT 1 FROM unnest(h.database) AS x(n)
                  WHERE CASE WHEN d.replication THEN x.n = 'replication' ELSE false END
                     OR (NOT d.replication AND x.n IN ('all', d.datname))
                     OR (NOT d.replication AND x.n = 'sameuser' AND d.datname = u.rolname)
                     OR (NOT d.replication AND x.n IN ('samerole', 'samegroup') AND EXISTS (SELECT 1 FROM hba_member AS m JOIN pg_roles AS g ON g.oid = m.roleid
                                                                      WHERE m.member = u.oid AND g.rolname = d.datname))
                     OR CASE WHEN NOT d.replication AND x.n LIKE '/%' AND current_setting('server_version_num')::int >= 160000
                             THEN d.datname ~ substr(x.n, 2) ELSE false END)
), hba_pa_all AS (
  -- the lines each probe passes on connection type and address (NULL: cannot tell here)
  SELECT p.transport, p.addr, p.remote, p.addr_class, h.rule_order,
         CASE WHEN p.transport = 'local' THEN h.type = 'local'
              WHEN h.type = 'local' THEN false
              WHEN NOT (h.type = 'host' OR (h.type = 'hostssl' AND p.transport = 'ssl')
                        OR (h.type = 'hostnossl' AND p.transport <> 'ssl') OR (h.type = 'hostgssenc' AND p.transport = 'gss')
                        OR (h.type = 'hostnogssenc' AND p.transport <> 'gss')) THEN false
              WHEN h.address = 'all' THEN true
              WHEN h.ip IS NOT NULL THEN CASE WHEN family(p.addr) = family(h.ip) THEN (p.addr & h.mask) = (h.ip & h.mask) ELSE false END
              WHEN h.address = 'samehost' THEN NOT p.remote
              ELSE NULL
         END AS address_match
    FROM hba_probe AS p CROSS JOIN hba_rules AS h
), hba_rep AS (
  -- probes that pass the same lines (same transport, class and locality) get the same first
  -- match for every role and database: one of them stands for all (a documentation address
  -- when there is one, else the lowest), so the work grows with the regions, not the probes
  SELECT DISTINCT ON (g.transport, g.remote, g.addr_class, g.sig) g.transport, g.addr, g.remote, g.addr_class
    FROM (SELECT a.transport, a.addr, a.remote, a.addr_class,
                 string_agg(a.rule_order || CASE WHEN a.address_match THEN '' ELSE '?' END, ',' ORDER BY a.rule_order)
                   FILTER (WHERE a.address_match IS NOT FALSE) AS sig
            FROM hba_pa_all AS a
           GROUP BY a.transport, a.addr, a.remote, a.addr_class) AS g
   ORDER BY g.transport, g.remote, g.addr_class, g.sig, g.addr IN ('203.0.113.7', '2001:db8::7') DESC, g.addr
), hba_pa AS (
  SELECT a.* FROM hba_pa_all AS a
    JOIN hba_rep AS r ON r.transport = a.transport AND coalesce(host(r.addr), '') = coalesce(host(a.addr), '')
), hba_try AS (
  SELECT a.transport, a.addr, a.remote, a.addr_class, r.role_oid, r.rolname, r.datname, h.rule_order, h.line,
         h.type, h.auth_method, h.options, a.address_match
    FROM hba_pa AS a
    JOIN hba_rd AS r ON r.rule_order = a.rule_order
    JOIN hba_rules AS h ON h.rule_order = a.rule_order
   WHERE a.address_match OR (a.address_match IS NULL AND h.auth_method <> 'reject')
), hba_first AS (
  SELECT DISTINCT ON (t.transport, t.addr, t.role_oid, t.datname) t.*
    FROM hba_try AS t
   ORDER BY t.transport, t.addr, t.role_oid, t.datname, t.rule_order
)
-- end block: hba-first-match
