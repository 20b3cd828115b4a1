-- PostgreSQL 13-17: log_connections is a boolean.
SELECT s.setting AS log_connections,
       false AS list_syntax,
       CASE WHEN s.setting = 'on' THEN NULL ELSE 'connections' END AS missing
FROM (SELECT (SELECT setting FROM pg_settings WHERE name = 'log_connections') AS setting) AS s
WHERE s.setting IS NOT NULL
