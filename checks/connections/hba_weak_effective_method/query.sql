-- Login roles whose first matching pg_hba.conf line (the fact hba_decision), for
-- some database and address class, uses a method weaker than scram-sha-256:
--  * md5, unless the role's stored password is a SCRAM verifier (then md5 lines run SCRAM);
--    (pg_authid, like pg_hba_file_rules, needs a superuser or a grant);
--  * ident over TCP/IP (the client's host answers for the user);
--  * trust and password on the local socket or loopback. trust and password reached from
--    other hosts are hba_remote_trust's findings and are not repeated here.
-- peer, and ident on the socket, are the OS's authentication; cert, gss, sspi, ldap, radius,
-- pam, bsd and oauth hand authentication to another system: none counts as weaker here.
-- Classes: local (socket), loopback (127/8, ::1), private (10/8, 172.16/12, 192.168/16,
-- fc00::/7), anywhere. One row per deciding line, class and verifier kind (the roles it
-- decides for: count, the first, up to 50 by name); one row with rolname NULL if none.
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
, weak_class AS (
  SELECT f.role_class, f.addr_class, f.rule_order, f.line, f.auth_method,
         min(f.datname) AS example_database, count(DISTINCT f.datname)::int AS databases
    FROM hba_first AS f
   -- hostssl ... trust clientcert=verify-full: the certificate authenticates, as with cert
   WHERE NOT (f.auth_method = 'trust' AND f.type = 'hostssl' AND 'clientcert=verify-full' = ANY (f.options))
     AND (f.auth_method = 'md5'
          OR (f.auth_method = 'ident' AND f.addr_class <> 'local')
          OR (f.auth_method IN ('trust', 'password') AND f.addr_class IN ('local', 'loopback')))
   GROUP BY f.role_class, f.addr_class, f.rule_order, f.line, f.auth_method
), weak_role AS (
  SELECT c.role_oid, c.rolname, w.addr_class, w.rule_order, w.line, w.auth_method, v.kind AS verifier, w.example_database, w.databases
    FROM weak_class AS w
    JOIN hba_role_class AS c ON c.role_class = w.role_class
    -- the kind of the stored password (never the hash itself), looked up by oid
    CROSS JOIN LATERAL (SELECT CASE WHEN a.rolpassword IS NULL THEN 'none'
                                    WHEN a.rolpassword LIKE 'SCRAM-SHA-256$%' THEN 'scram'
                                    WHEN a.rolpassword LIKE 'md5%' THEN 'md5' ELSE 'other' END
                          FROM pg_authid AS a WHERE a.oid = c.role_oid) AS v(kind)
   WHERE w.auth_method <> 'md5' OR v.kind <> 'scram'
), weak AS (
  -- one row per deciding line, address class and verifier kind: a line that thousands of
  -- roles reach is one finding (rolname: the first of them; rolnames: up to 50, quoted)
  SELECT min(r.rolname) AS rolname, count(*)::int AS roles,
         array_to_string((array_agg(quote_ident(r.rolname) ORDER BY r.rolname))[1:50], ', ')
           || CASE WHEN count(*) > 50 THEN format(', … (%s more)', count(*) - 50) ELSE '' END AS rolnames,
         r.addr_class, r.rule_order, r.line, r.auth_method, r.verifier, min(r.example_database) AS example_database,
         max(r.databases) AS databases
    FROM weak_role AS r
   GROUP BY r.addr_class, r.rule_order, r.line, r.auth_method, r.verifier
), finding AS (
  SELECT w.*, h.file_name, h.line_number,
         format('line %s of %s: use scram-sha-256 for %s (%s)', h.line_number, h.file_name, w.rolnames,
                CASE WHEN w.auth_method = 'md5' THEN 'set password_encryption = ''scram-sha-256'' and reset the passwords, then change md5 to scram-sha-256'
                     ELSE 'change ' || w.auth_method || ' to scram-sha-256' END) AS fix
    FROM weak AS w JOIN hba_line AS h ON h.rule_order = w.rule_order
)
SELECT f.rolname, f.roles, f.rolnames, f.addr_class, f.auth_method, f.verifier, f.file_name, f.line_number, f.line,
       f.example_database, f.databases, f.fix, true AS fix_manual,
       (SELECT count(DISTINCT r.role_oid) FROM weak_role AS r)::int AS weak_roles,
       s.error_lines, s.errors, s.changed_since_load
  FROM hba_file AS s
  LEFT JOIN finding AS f ON true
 ORDER BY f.rolname, array_position(ARRAY['local', 'loopback', 'private', 'anywhere'], f.addr_class), f.rule_order
