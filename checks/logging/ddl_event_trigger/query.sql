-- The sec_check DDL trail (sec_check.ddl_audit_enable): its event triggers, code and hash
-- chain, read through sec_check.ddl_trail_status(). That function is called by name in a
-- string (query_to_xml), so this query also runs where sec_check is not installed (the
-- CLI against any server) and then reports installed = false. Other DDL event triggers
-- (pgAudit's, hand-made ones) are listed but do not count: they keep no tamper-evident trail.
WITH probe AS (
  SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                  WHERE n.nspname = 'sec_check' AND p.proname = 'ddl_trail_status') AS installed
), status AS (
  SELECT installed,
         -- base64 inside the XML needs no unescaping, and substring() needs no libxml
         CASE WHEN installed THEN convert_from(decode(substring(query_to_xml(
           'SELECT encode(convert_to(sec_check.ddl_trail_status()::text, ''UTF8''), ''base64'') AS s',
           false, true, '')::text FROM '<s>([^<]*)</s>'), 'base64'), 'UTF8')::jsonb END AS s
    FROM probe
)
SELECT installed,
       (s ->> 'enabled')::boolean AS enabled,
       (s ->> 'triggers')::int AS triggers,
       s ->> 'missing' AS missing,
       s ->> 'disabled' AS disabled,
       s ->> 'foreign' AS foreign_triggers,
       (s ->> 'code_ok')::boolean AS code_ok,
       s ->> 'event_triggers_off' AS event_triggers_off,
       s ->> 'event_triggers_settable_by' AS event_triggers_settable_by,
       (s ->> 'strict')::boolean AS strict,
       (s ->> 'no_rows')::boolean AS no_rows,
       (s ->> 'chain_ok')::boolean AS chain_ok,
       (s ->> 'rows')::bigint AS chain_rows,
       (s ->> 'first_bad_id')::bigint AS first_bad_id,
       left(s ->> 'chain_detail', 500) AS chain_detail,
       (SELECT left(string_agg(format('%s (%s)', evtname, evtevent), ', ' ORDER BY evtname), 500)
          FROM pg_catalog.pg_event_trigger
         WHERE evtevent IN ('ddl_command_start', 'ddl_command_end', 'sql_drop', 'table_rewrite')
           AND evtname NOT LIKE 'sec\_check\_%') AS other_triggers,
       current_database() AS database
  FROM status
