-- TLS: ssl, the oldest protocol allowed, and ssl_ciphers read from its keywords (src/core/settings/ciphers.ts).
-- Read from the settings fact (checks/_facts/settings): server-wide and pending in the
-- configuration files (a reload or restart), each value with its meaning.
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('ssl', 'ssl_min_protocol_version', 'ssl_ciphers')
 ORDER BY name, scope, who
