-- syslog_split_messages, which matters only when log_destination includes syslog.
-- Read from the settings fact (checks/_facts/settings): server-wide and pending in the
-- configuration files (a reload or restart), each value with its meaning.
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('syslog_split_messages', 'log_destination')
 ORDER BY name, scope, who
