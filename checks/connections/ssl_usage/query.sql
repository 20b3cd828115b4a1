-- Can a client connect over TCP/IP without encryption? A connection without TLS or GSS
-- encryption is admitted when, for some login role, database and client address, the first
-- matching line (the fact hba_decision) is not reject: a "hostnossl ... reject" line
-- ahead of a "host" line refuses plaintext, a "host" line alone admits it.
WITH RECURSIVE
-- include: fact:hba_rules
,
-- include: fact:hba_decision
, hba_source AS (SELECT * FROM hba_rules),
-- include: hba-lines
,
-- include: hba-first
, plain AS (
  SELECT DISTINCT f.line, f.rule_order
    FROM hba_first AS f
   WHERE f.transport = 'plain' AND f.auth_method <> 'reject'
)
SELECT (SELECT setting FROM pg_settings WHERE name = 'ssl') AS ssl,
       (SELECT count(*) FROM plain)::int AS plain_lines,
       (SELECT left(string_agg(line, '; ' ORDER BY rule_order), 1500) FROM plain) AS list,
       (SELECT error_lines FROM hba_file) AS error_lines,
       (SELECT errors FROM hba_file) AS errors,
       (SELECT changed_since_load FROM hba_file) AS changed_since_load
