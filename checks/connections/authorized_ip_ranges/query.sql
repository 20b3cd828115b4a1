-- TCP lines of pg_hba.conf that admit a wide address range and decide some connection (the
-- first match for some login role, database and client address: the fact hba_decision), so
-- a line that an earlier line shadows, or a reject, authorizes nothing. Wide: "all", an IPv4
-- range wider than /16 or an IPv6 range wider than /48 (a netmask that is not a prefix counts
-- by the prefix it does not have: NULL, not wide).
WITH RECURSIVE
-- include: fact:hba_rules
,
-- include: fact:hba_decision
, hba_source AS (SELECT * FROM hba_rules),
-- include: hba-lines
,
-- include: hba-first
, deciding AS (
  SELECT DISTINCT f.rule_order FROM hba_first AS f WHERE f.transport <> 'local' AND f.auth_method <> 'reject'
), x AS (
  SELECT h.rule_order, h.line_number, h.address,
         format('line %s: %s %s %s %s %s', h.line_number, h.type, array_to_string(h.database, ','), array_to_string(h.user_name, ','),
                coalesce(h.address || coalesce('/' || host(h.mask), ''), ''), h.auth_method) AS line,
         (SELECT b.bits FROM generate_series(0, 128) AS b(bits)
           WHERE b.bits <= CASE WHEN family(h.ip) = 4 THEN 32 ELSE 128 END
             AND netmask(set_masklen(h.ip, b.bits)) = h.mask) AS prefix
    FROM hba_line AS h
   WHERE h.type LIKE 'host%' AND h.rule_order IN (SELECT rule_order FROM deciding)
)
SELECT count(*)::int AS count,
       left(string_agg(x.line, '; ' ORDER BY x.rule_order), 1500) AS list
  FROM x
 WHERE x.address = 'all'
    OR (x.prefix IS NOT NULL AND x.prefix < CASE WHEN x.address LIKE '%:%' THEN 48 ELSE 16 END)
