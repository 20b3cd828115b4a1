-- block: hba-decide (checks/_lib/sql/hba-decide.sql): which pg_hba.conf line decides each
-- connection, per role class (block hba-role-class), database and probe, as PostgreSQL's
-- check_hba does: the first line, in rule order, whose connection type, database, user and
-- client address all match; none = refused. Reads hba_line, hba_role_class and the block
-- hba-role-match (matched for one role of each class: it stands for the class).
-- Databases: those that allow connections, plus a physical replication connection
-- (replication = true) for classes whose roles have REPLICATION or SUPERUSER: only the
-- replication keyword matches it ("all" does not). Probes: a Unix-socket connection; TCP
-- from the first, last, before-first and after-last address of every line's range and of
-- every address class, plus one public IPv4 and IPv6 address, over plain TCP, TLS (when ssl
-- is on) and GSS encryption. addr_class is local (socket), loopback (127/8, ::1: the client
-- is on the server's host), private (RFC 1918, fc00::/7) or anywhere. Probes that pass the
-- same lines are tried once (hba_rep): one address stands for its region, a documentation
-- address when there is one, so the work grows with the regions, not the probes.
-- Host names and samenet cannot be resolved here: such a line is taken to match when it
-- admits and not to match when it rejects, so an uncertain line never hides an admission.
-- hba_decision: role_class, datname, replication, transport (local, plain, ssl, gss), addr,
-- remote, addr_class, rule_order (NULL: no line matches, refused).
hba_rep_role AS (
  SELECT DISTINCT ON (c.role_class) c.role_class, c.role_oid, c.rolname::text AS rolname, c.rep FROM hba_role_class AS c ORDER BY c.role_class, c.role_oid
), hba_db(datname, replication) AS (
  SELECT d.datname::text, false FROM pg_database AS d WHERE d.datallowconn
  UNION ALL SELECT 'replication', true
), hba_cd AS (
  -- class × database: the lines that pass on user and database (the address comes next)
  SELECT r.role_class, d.datname, d.replication, h.rule_order, h.auth_method
    FROM hba_rep_role AS r
    JOIN hba_db AS d ON NOT d.replication OR r.rep
    JOIN hba_line AS h
      -- (IN inside OR: a hashed subplan, computed once, whatever the row estimates)
      ON (h.user_all OR (h.rule_order || ':' || r.role_oid) IN (SELECT u.rule_order || ':' || u.oid FROM hba_user_match AS u))
     AND CASE WHEN d.replication THEN 'replication' = ANY (h.database)
              ELSE EXISTS (SELECT 1 FROM unnest(h.database) AS x(n)
                            WHERE x.n = 'all'
                               OR (x.n = d.datname AND x.n NOT IN ('sameuser', 'samerole', 'samegroup', 'replication')
                                   AND (x.n NOT LIKE '/%' OR current_setting('server_version_num')::int < 160000))
                               OR (x.n LIKE '/%' AND current_setting('server_version_num')::int >= 160000 AND d.datname ~ substr(x.n, 2)))
                   OR (h.rule_order || ':' || r.role_oid || ':' || d.datname) IN (SELECT dd.rule_order || ':' || dd.oid || ':' || dd.datname FROM hba_db_dep AS dd)
         END
), hba_class(addr_class, net) AS (
  VALUES ('loopback', '127.0.0.0/8'::inet), ('loopback', '::1/128'::inet),
         ('private', '10.0.0.0/8'::inet), ('private', '172.16.0.0/12'::inet), ('private', '192.168.0.0/16'::inet),
         ('private', 'fc00::/7'::inet)
), hba_range(ip, mask) AS (
  SELECT h.ip, h.mask FROM hba_line AS h WHERE h.ip IS NOT NULL
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
    FROM hba_probe AS p CROSS JOIN hba_line AS h
), hba_rep AS (
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
), hba_cand AS (
  -- one text key per cell: the planner's row estimates here are poor (the facts arrive as
  -- jsonb), and a merge join on the separate columns rescanned millions of rows
  SELECT concat_ws(' ', c.role_class, c.replication, a.transport, coalesce(host(a.addr), ''), c.datname) AS cell, min(c.rule_order) AS rule_order
    FROM hba_cd AS c JOIN hba_pa AS a ON a.rule_order = c.rule_order
   WHERE a.address_match OR (a.address_match IS NULL AND c.auth_method <> 'reject')
   GROUP BY 1
), hba_decision AS (
  SELECT k.role_class, k.datname, k.replication, p.transport, p.addr, p.remote, p.addr_class, c.rule_order
    FROM (SELECT r.role_class, d.datname, d.replication FROM hba_rep_role AS r JOIN hba_db AS d ON NOT d.replication OR r.rep) AS k
   CROSS JOIN hba_rep AS p
    LEFT JOIN hba_cand AS c ON c.cell = concat_ws(' ', k.role_class, k.replication, p.transport, coalesce(host(p.addr), ''), k.datname)
)
-- end block: hba-decide
