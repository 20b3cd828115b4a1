-- since: 0.2.0
-- The event trigger function behind ddl_command_end, sql_drop, table_rewrite (and login when
-- asked). SECURITY DEFINER and owned by the extension owner, so DDL by any role is written
-- into a table that role cannot write. It runs inside the DDL's transaction: a rolled-back
-- DDL leaves no row, and a failure to record fails the DDL (strict, the default); with
-- {"strict": false} it is a WARNING and the DDL goes on (the built-in check reports that
-- choice). A failing login trigger would lock everyone out, so logins are never strict.
-- Nothing the DDL's session controls changes what is recorded: the function pins every
-- setting its code depends on (search path, lock wait, plan choice, JIT, string literal
-- reading, PL/pgSQL checks); statement_timeout and transaction_timeout cannot be pinned
-- once a statement runs, but cancel the whole DDL. docs/architecture.md, "DDL trail",
-- lists every route tried. Speed (test/bench/ddl-trail.ts): one query for the objects, the
-- options and the statement, one statement that writes (sec_check.ddl_log_write), no
-- subtransaction when strict, filters only when options set some, and DROP commands hand
-- their objects to sql_drop and collect none for ddl_command_end (utility.c), so that call
-- returns at once.
CREATE OR REPLACE FUNCTION sec_check.ddl_capture()
RETURNS event_trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = 0
SET plan_cache_mode = force_generic_plan
SET jit = off
SET standard_conforming_strings = on
SET plpgsql.extra_errors = 'none'
SET plpgsql.extra_warnings = 'none'
AS $fn$
#variable_conflict error
DECLARE
  v_opts jsonb;
  v_rows sec_check.ddl_log[];
  v_row sec_check.ddl_log;
  v_mask boolean;
  v_length integer;
  v_stmt text;
  v_trunc boolean;
  v_id bigint;
BEGIN
  IF TG_EVENT = 'ddl_command_end' AND left(TG_TAG, 5) = 'DROP ' THEN
    RETURN;
  END IF;
  -- one row per object, the options and the statement, in one query
  IF TG_EVENT = 'sql_drop' THEN
    SELECT array_agg(ROW(NULL, NULL, 'sql_drop', TG_TAG, d.object_type, d.object_identity, d.schema_name, NULL,
                         session_user, CASE WHEN current_setting('role') = 'none' THEN session_user ELSE current_setting('role') END,
                         inet_client_addr(), inet_client_port(), inet_server_addr(), inet_server_port(),
                         current_setting('application_name', true), pg_backend_pid(), txid_current(), current_database(),
                         current_query(), false, NULL, NULL)::sec_check.ddl_log),
           coalesce((SELECT c.options FROM sec_check.ddl_audit_config c WHERE c.singleton), sec_check.ddl_audit_options('{}')),
           lower(current_query()) LIKE ANY (ARRAY['%pass%', '%pwd%', '%secret%', '%token%', '%credential%', '%apikey%', '%api_key%',
             '%privatekey%', '%private_key%', '%accesskey%', '%access_key%', '%://%', '%\\%', '%u&%']),
           length(current_query())
      INTO v_rows, v_opts, v_mask, v_length
      FROM pg_event_trigger_dropped_objects() d
     -- the objects the command named, and what went with them through CASCADE; not the row
     -- types, TOAST tables and other parts that are dropped with every table
     WHERE d.original OR d.normal;
  ELSIF TG_EVENT = 'ddl_command_end' THEN
    SELECT array_agg(ROW(NULL, NULL, 'ddl_command_end', d.command_tag, d.object_type, d.object_identity, d.schema_name, d.in_extension,
                         session_user, CASE WHEN current_setting('role') = 'none' THEN session_user ELSE current_setting('role') END,
                         inet_client_addr(), inet_client_port(), inet_server_addr(), inet_server_port(),
                         current_setting('application_name', true), pg_backend_pid(), txid_current(), current_database(),
                         current_query(), false, NULL, NULL)::sec_check.ddl_log),
           coalesce((SELECT c.options FROM sec_check.ddl_audit_config c WHERE c.singleton), sec_check.ddl_audit_options('{}')),
           lower(current_query()) LIKE ANY (ARRAY['%pass%', '%pwd%', '%secret%', '%token%', '%credential%', '%apikey%', '%api_key%',
             '%privatekey%', '%private_key%', '%accesskey%', '%access_key%', '%://%', '%\\%', '%u&%']),
           length(current_query())
      INTO v_rows, v_opts, v_mask, v_length
      FROM pg_event_trigger_ddl_commands() d;
  ELSIF TG_EVENT = 'table_rewrite' THEN
    SELECT array_agg(ROW(NULL, NULL, 'table_rewrite', TG_TAG, i.type, i.identity, i.schema, NULL,
                         session_user, CASE WHEN current_setting('role') = 'none' THEN session_user ELSE current_setting('role') END,
                         inet_client_addr(), inet_client_port(), inet_server_addr(), inet_server_port(),
                         current_setting('application_name', true), pg_backend_pid(), txid_current(), current_database(),
                         current_query(), false, NULL, NULL)::sec_check.ddl_log),
           coalesce((SELECT c.options FROM sec_check.ddl_audit_config c WHERE c.singleton), sec_check.ddl_audit_options('{}')),
           lower(current_query()) LIKE ANY (ARRAY['%pass%', '%pwd%', '%secret%', '%token%', '%credential%', '%apikey%', '%api_key%',
             '%privatekey%', '%private_key%', '%accesskey%', '%access_key%', '%://%', '%\\%', '%u&%']),
           length(current_query())
      INTO v_rows, v_opts, v_mask, v_length
      FROM pg_identify_object('pg_catalog.pg_class'::regclass, pg_event_trigger_table_rewrite_oid(), 0) i;
  ELSIF TG_EVENT = 'login' THEN
    BEGIN
      SELECT c.options INTO v_opts FROM sec_check.ddl_audit_config c WHERE c.singleton;
      IF (v_opts ->> 'login')::boolean AND NOT pg_is_in_recovery()
         AND current_setting('transaction_read_only') = 'off'
         AND NOT (v_opts -> 'exclude_roles' ? session_user::text) THEN
        PERFORM sec_check.ddl_log_append('login', 'LOGIN', NULL, NULL, NULL, NULL, NULL, false, v_opts ->> 'notify');
      END IF;
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'sec_check: login of % not recorded in the DDL trail: %', session_user, SQLERRM;
    END;
    RETURN;
  ELSE
    RETURN;
  END IF;
  -- the options' filters, when there are any (by default there are none)
  IF v_opts @> '{"exclude_temporary": true}' OR jsonb_array_length(v_opts -> 'exclude_roles') + jsonb_array_length(v_opts -> 'exclude_schemas')
     + jsonb_array_length(v_opts -> 'include_tags') + jsonb_array_length(v_opts -> 'exclude_tags') > 0 THEN
    SELECT array_agg(v_rows[o] ORDER BY o) INTO v_rows
      FROM generate_subscripts(v_rows, 1) o
     WHERE NOT (v_opts -> 'exclude_roles' ? (v_rows[o]).session_user_name::text)
       AND NOT (v_opts -> 'exclude_roles' ? (v_rows[o]).current_user_name::text)
       AND NOT ((v_opts ->> 'exclude_temporary')::boolean AND coalesce((v_rows[o]).schema_name LIKE 'pg\_temp%', false))
       AND NOT coalesce(v_opts -> 'exclude_schemas' ? (v_rows[o]).schema_name, false)
       AND (jsonb_array_length(v_opts -> 'include_tags') = 0 OR v_opts -> 'include_tags' ? upper((v_rows[o]).command_tag))
       AND NOT (v_opts -> 'exclude_tags' ? upper((v_rows[o]).command_tag));
  END IF;
  IF v_rows IS NULL THEN
    RETURN;
  END IF;
  -- the statement, secrets masked (when a pattern says one may be there: most DDL has none) and cut
  IF v_mask OR v_length > (v_opts ->> 'max_statement_chars')::integer THEN
    SELECT m.statement, m.truncated INTO v_stmt, v_trunc
      FROM sec_check.ddl_mask_statement(current_query(), (v_opts ->> 'max_statement_chars')::integer) m;
    FOR i IN 1 .. cardinality(v_rows) LOOP
      v_row := v_rows[i];
      v_row.statement := v_stmt;
      v_row.statement_truncated := v_trunc;
      v_rows[i] := v_row;
    END LOOP;
  END IF;
  IF (v_opts ->> 'strict')::boolean THEN
    v_id := sec_check.ddl_log_write(v_rows, v_opts ->> 'notify', true);
  ELSE
    BEGIN
      v_id := sec_check.ddl_log_write(v_rows, v_opts ->> 'notify', true);
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'sec_check: % not recorded in the DDL trail (strict is off): %', TG_TAG, SQLERRM;
      RETURN;
    END;
  END IF;
  IF v_id IS NULL THEN
    RAISE WARNING 'sec_check: % not recorded in the DDL trail: it has no rows in this database yet (a restore still loading it?)', TG_TAG
      USING HINT = 'When the restore is done, DDL is recorded again; the built-in check ddl_event_trigger says whether the trail is intact.';
  END IF;
END
$fn$;
COMMENT ON FUNCTION sec_check.ddl_capture() IS
  'Event trigger function of the DDL trail: records each object of a DDL command, drop and table rewrite (and logins when enabled) into sec_check.ddl_log; a failure to record fails the DDL unless {"strict": false}.';
