-- trust and password lines that decide a connection from another host: the first matching
-- line (the fact hba_decision) for some login role, database and client address of
-- the private (10/8, 172.16/12, 192.168/16, fc00::/7) or anywhere class. Loopback
-- (127/8, ::1) counts as local: the client is already on the server's host. trust asks for
-- nothing; password sends the password in clear text (on a connection without TLS or GSS
-- encryption anyone on the path reads it).
-- One row per such line and class; one row with line NULL when there is none.
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
, reached_class AS MATERIALIZED (
  SELECT f.rule_order, f.line, f.auth_method, f.addr_class, array_agg(DISTINCT f.role_class) AS classes,
         (array_agg(host(f.addr) ORDER BY f.addr IN ('203.0.113.7', '2001:db8::7') DESC, f.addr))[1] AS example_address,
         bool_or(f.transport = 'plain') AS unencrypted
    FROM hba_first AS f
   WHERE f.remote AND f.auth_method IN ('trust', 'password')
     -- hostssl ... trust clientcert=verify-full: the certificate authenticates, as with cert
     AND NOT (f.auth_method = 'trust' AND f.type = 'hostssl' AND 'clientcert=verify-full' = ANY (f.options))
   GROUP BY f.rule_order, f.line, f.auth_method, f.addr_class
), reached AS MATERIALIZED (
  -- the roles each finding reaches: one join and one aggregate (computed once, not per row)
  SELECT r.rule_order, r.line, r.auth_method, r.addr_class, r.example_address, r.unencrypted,
         min(c.rolname) AS example_role, count(DISTINCT c.role_oid)::int AS roles
    FROM reached_class AS r
   CROSS JOIN LATERAL unnest(r.classes) AS k(role_class)
    JOIN hba_role_class AS c ON c.role_class = k.role_class
   GROUP BY r.rule_order, r.line, r.auth_method, r.addr_class, r.example_address, r.unencrypted
), finding AS (
  SELECT r.*, h.file_name, h.line_number,
         format('line %s of %s: use scram-sha-256 (or cert) instead of %s, or narrow its address to the host''s own (127.0.0.1/32, ::1/128)',
                h.line_number, h.file_name, r.auth_method) AS fix
    FROM reached AS r JOIN hba_line AS h ON h.rule_order = r.rule_order
)
SELECT f.file_name, f.line_number, f.line, f.auth_method, f.addr_class, f.example_role, f.roles, f.example_address,
       f.unencrypted, f.fix, true AS fix_manual, s.error_lines, s.errors, s.changed_since_load,
       (SELECT setting FROM pg_settings WHERE name = 'listen_addresses') AS listen_addresses
  FROM hba_file AS s
  LEFT JOIN finding AS f ON true
 ORDER BY f.rule_order, f.addr_class DESC
