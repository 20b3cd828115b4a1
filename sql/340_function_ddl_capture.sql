-- since: 0.2.0
-- The event trigger function behind ddl_command_end, sql_drop, table_rewrite (and login
-- when asked). SECURITY DEFINER and owned by the extension owner, so DDL by any role is
-- written into a table that role cannot write. It runs inside the DDL's transaction: a
-- rolled-back DDL leaves no row. Not strict (default): a failure to record is a WARNING
-- and the DDL goes on; strict: the DDL fails. A failing login trigger would lock everyone
-- out, so login is never strict.
CREATE OR REPLACE FUNCTION sec_check.ddl_capture()
RETURNS event_trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_opts jsonb;
  v_role text := CASE WHEN current_setting('role') = 'none' THEN session_user ELSE current_setting('role') END;
  v_tag text;
  v_stmt text;
  v_trunc boolean;
  v_have_stmt boolean := false;
  v_cur refcursor;
  r record;
BEGIN
  -- validated by ddl_audit_enable; defaults when the triggers exist without it (restore)
  SELECT c.options INTO v_opts FROM sec_check.ddl_audit_config c WHERE c.singleton;
  IF v_opts IS NULL THEN
    v_opts := sec_check.ddl_audit_options('{}');
  END IF;
  IF TG_EVENT = 'login' THEN
    BEGIN
      IF (v_opts ->> 'login')::boolean AND NOT pg_is_in_recovery()
         AND current_setting('transaction_read_only') = 'off'
         AND NOT (v_opts -> 'exclude_roles' ? session_user::text) THEN
        PERFORM sec_check.ddl_log_append('login', 'LOGIN', NULL, NULL, NULL, NULL, NULL, false, v_opts ->> 'notify');
      END IF;
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'sec_check: login of % not recorded in the DDL trail: %', session_user, SQLERRM;
    END;
    RETURN;
  END IF;
  IF v_opts -> 'exclude_roles' ? session_user::text OR v_opts -> 'exclude_roles' ? v_role THEN
    RETURN;
  END IF;
  BEGIN
    IF TG_EVENT = 'ddl_command_end' THEN
      OPEN v_cur FOR
        SELECT 'ddl_command_end' AS event, d.command_tag AS tag, d.object_type, d.object_identity,
               d.schema_name, d.in_extension, d.schema_name LIKE 'pg\_temp%' AS temporary
          FROM pg_event_trigger_ddl_commands() d;
    ELSIF TG_EVENT = 'sql_drop' THEN
      -- the objects the command named, and what went with them through CASCADE; not the
      -- row types, TOAST tables and other parts that are dropped with every table
      OPEN v_cur FOR
        SELECT 'sql_drop' AS event, TG_TAG AS tag, o.object_type, o.object_identity, o.schema_name,
               NULL::boolean AS in_extension, o.is_temporary AS temporary
          FROM pg_event_trigger_dropped_objects() o WHERE o.original OR o.normal;
    ELSIF TG_EVENT = 'table_rewrite' THEN
      OPEN v_cur FOR
        SELECT 'table_rewrite' AS event, TG_TAG AS tag, i.type AS object_type, i.identity AS object_identity,
               i.schema AS schema_name, NULL::boolean AS in_extension, i.schema LIKE 'pg\_temp%' AS temporary
          FROM pg_identify_object('pg_catalog.pg_class'::regclass, pg_event_trigger_table_rewrite_oid(), 0) i;
    ELSE
      RETURN;
    END IF;
    LOOP
      FETCH v_cur INTO r;
      EXIT WHEN NOT FOUND;
      v_tag := upper(r.tag);
      CONTINUE WHEN (v_opts ->> 'exclude_temporary')::boolean AND coalesce(r.temporary, false);
      CONTINUE WHEN r.schema_name IS NOT NULL AND v_opts -> 'exclude_schemas' ? r.schema_name;
      CONTINUE WHEN jsonb_array_length(v_opts -> 'include_tags') > 0 AND NOT v_opts -> 'include_tags' ? v_tag;
      CONTINUE WHEN v_opts -> 'exclude_tags' ? v_tag;
      IF NOT v_have_stmt THEN
        v_stmt := current_query();
        v_trunc := false;
        -- the common case (no password, short) needs no masking call
        IF strpos(lower(v_stmt), 'password') > 0 OR length(v_stmt) > (v_opts ->> 'max_statement_chars')::integer THEN
          SELECT m.statement, m.truncated INTO v_stmt, v_trunc
            FROM sec_check.ddl_mask_statement(v_stmt, (v_opts ->> 'max_statement_chars')::integer) m;
        END IF;
        v_have_stmt := true;
      END IF;
      PERFORM sec_check.ddl_log_append(r.event, r.tag, r.object_type, r.object_identity, r.schema_name,
                                       r.in_extension, v_stmt, v_trunc, v_opts ->> 'notify');
    END LOOP;
    CLOSE v_cur;
  EXCEPTION WHEN OTHERS THEN
    IF (v_opts ->> 'strict')::boolean THEN
      RAISE EXCEPTION 'sec_check: % not recorded in the DDL trail (strict mode): %', TG_TAG, SQLERRM
        USING ERRCODE = SQLSTATE;
    END IF;
    RAISE WARNING 'sec_check: % not recorded in the DDL trail: %', TG_TAG, SQLERRM;
  END;
END
$$;
COMMENT ON FUNCTION sec_check.ddl_capture() IS
  'Event trigger function of the DDL trail (created by sec_check.ddl_audit_enable): records each object of a DDL command, drop and table rewrite (and logins when enabled) into sec_check.ddl_log.';
