-- block: secret-patterns (checks/_lib/sql/secret-patterns.sql, included by every check that
-- shows catalog text which may hold a secret: access/secrets_in_catalog finds them,
-- settings/user_parameters masks them). Each pattern has two groups: what may be shown (a key
-- name or a fixed prefix) and the secret. Before it the query has opened a WITH list. Every
-- pattern needs one of pass, pwd, secret, token, key, akia, eyj or :// (case-insensitive):
-- secrets_in_catalog filters on that first; keep it true when adding a pattern. An unquoted
-- assigned value counts only with 12+ characters including a digit (not an identifier such
-- as get_token_from in code).
secret_patterns(kind, flags, pattern) AS (
  VALUES
    ('private key', '', '(-----BEGIN [A-Z ]*PRIVATE KEY-----)([^-]+)'),
    ('AWS access key', '', '(AKIA)([0-9A-Z]{16})'),
    ('JWT', '', '(eyJ)([A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,})'),
    ('URI with password', 'i', '([a-z][a-z0-9+.-]*://[^\s:/@''"]+:)([^\s@/''"]+)@'),
    ('conninfo password', 'i', '(\m(?:password|passwd|pwd)=)([^\s''";&,)*]{3,}|''[^'']+'')'),
    ('PASSWORD literal', 'i', '(\mpassword\s+)(''[^'']+'')'),
    ('secret assignment', 'i', '(\m(?:api_?key|apikey|secret|secret_?key|client_?secret|access_?key|auth_?token|token|password|passwd|pwd)["'']?\s*(?:=|:=|=>|:)\s*)(''[^''*]{4,}''|"[^"*]{4,}"|(?=[A-Za-z_+/=.~-]*[0-9])[A-Za-z0-9_+/=.~-]{12,})')
)
-- end block: secret-patterns
