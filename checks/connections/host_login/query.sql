-- TCP/IP lines of pg_hba.conf that decide some connection (the first match for some login
-- role, database, client address and transport: the fact hba_decision), by how weak
-- their method is. Severe: trust (no authentication; on hostssl with clientcert=verify-full
-- the certificate authenticates, as with cert), and methods that send the password in clear
-- text (password, ldap, radius, pam, bsd) on a connection without TLS or GSS encryption.
-- Weak: ident (the client host answers for the user), md5 (deprecated, a stolen hash logs in),
-- trust with clientcert=verify-ca (any certificate of the CA, any user) and the cleartext
-- methods over an encrypted connection (the server still receives the password).
-- exposure says whether such a line decides connections from other machines (remote) or
-- only from this one (local): the priority of the finding (src/core/priority.ts).
-- Fails (reported as Failed) for roles that cannot read pg_hba_file_rules.
WITH RECURSIVE
-- include: fact:hba_rules
,
-- include: fact:hba_decision
, hba_source AS (SELECT * FROM hba_rules),
-- include: hba-lines
,
-- include: hba-first
, graded AS (
  SELECT f.line, f.rule_order, f.addr_class,
         CASE WHEN f.auth_method = 'trust' AND f.type = 'hostssl' AND 'clientcert=verify-full' = ANY (f.options) THEN NULL
              WHEN f.auth_method = 'trust' AND f.type = 'hostssl' AND 'clientcert=verify-ca' = ANY (f.options) THEN 'weak'
              WHEN f.auth_method = 'trust' THEN 'severe'
              WHEN f.auth_method IN ('password', 'ldap', 'radius', 'pam', 'bsd') AND f.transport = 'plain' THEN 'severe'
              WHEN f.auth_method IN ('password', 'ldap', 'radius', 'pam', 'bsd', 'ident', 'md5') THEN 'weak'
         END AS grade
    FROM hba_first AS f
   WHERE f.transport <> 'local'
)
SELECT (SELECT count(*) FROM hba_line WHERE type LIKE 'host%')::int AS host_lines,
       (SELECT left(string_agg(line, '; ' ORDER BY rule_order), 1500)
          FROM (SELECT DISTINCT line, rule_order FROM graded WHERE grade = 'severe') AS s) AS severe_lines,
       (SELECT left(string_agg(line, '; ' ORDER BY rule_order), 1500)
          FROM (SELECT DISTINCT line, rule_order FROM graded WHERE grade = 'weak'
                   AND line NOT IN (SELECT line FROM graded WHERE grade = 'severe')) AS w) AS weak_lines,
       (SELECT error_lines FROM hba_file) AS error_lines,
       (SELECT errors FROM hba_file) AS errors,
       (SELECT changed_since_load FROM hba_file) AS changed_since_load,
       -- remote when a severe or weak line decides connections from other machines (priority)
       (SELECT CASE WHEN bool_or(addr_class IN ('private', 'anywhere')) THEN 'remote' WHEN count(*) > 0 THEN 'local' END
          FROM graded WHERE grade IS NOT NULL) AS exposure
