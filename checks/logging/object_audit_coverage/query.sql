-- Sensitive tables/columns (sec_check.sensitive_columns) that pgAudit object logging does
-- not cover, from sec_check.object_audit_gaps: one row per gap after a summary (LEFT JOIN,
-- so there is always a first row). The view is read by name inside query_to_xml, so this
-- query also parses where sec_check is not installed (the CLI against any server) and then
-- reports installed = false. Without SELECT on the views the executor fails: Failed.
-- role_problems: what the pgaudit.role role can do beyond auditing (object_audit_role_problems).
WITH probe AS (
  SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'sec_check' AND c.relname = 'object_audit_gaps') AS installed
), data AS (
  SELECT installed,
         -- base64 inside the XML needs no unescaping, and substring() needs no libxml
         CASE WHEN installed THEN convert_from(decode(substring(query_to_xml(
           'SELECT encode(convert_to(json_build_object(''classified'', (SELECT count(*) FROM sec_check.sensitive_columns), ''role_problems'', array_to_string(sec_check.object_audit_role_problems(), ''; ''), ''gaps'', (SELECT coalesce(json_agg(g ORDER BY g.problem DESC, g.schema_name, g.table_name, g.column_name), ''[]'') FROM sec_check.object_audit_gaps g))::text, ''UTF8''), ''base64'') AS s',
           false, true, '')::text FROM '<s>([^<]*)</s>'), 'base64'), 'UTF8')::jsonb END AS d
    FROM probe
), audit AS (
  SELECT (SELECT setting FROM pg_catalog.pg_settings WHERE name = 'pgaudit.role') AS audit_role,
         EXISTS (SELECT 1 FROM pg_catalog.pg_settings WHERE name = 'pgaudit.role') AS loaded
)
SELECT data.installed,
       audit.loaded,
       audit.audit_role,
       EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = audit.audit_role) AS role_exists,
       (data.d ->> 'classified')::int AS classified,
       left(data.d ->> 'role_problems', 1000) AS role_problems,
       (SELECT count(*) FROM jsonb_array_elements(data.d -> 'gaps') x WHERE x ->> 'problem' = 'not_audited')::int AS uncovered,
       (SELECT count(*) FROM jsonb_array_elements(data.d -> 'gaps') x WHERE x ->> 'problem' = 'missing')::int AS missing,
       current_database() AS database,
       g ->> 'problem' AS problem,
       CASE WHEN g IS NOT NULL THEN format('%I.%I', g ->> 'schema_name', g ->> 'table_name')
         || coalesce('.' || quote_ident(g ->> 'column_name'), '') END AS target,
       g ->> 'label' AS label,
       g ->> 'source' AS source,
       g ->> 'fix' AS fix
  FROM data CROSS JOIN audit
  LEFT JOIN LATERAL jsonb_array_elements(data.d -> 'gaps') AS g ON true
