-- since: 0.2.0
-- Everything the built-in check ddl_event_trigger needs about the trail, in one value:
-- whether it was enabled and is strict, which of its event triggers are missing, do not fire
-- always (disabled, or not when session_replication_role = replica) or run other code,
-- whether that code was replaced, event_triggers = off (PostgreSQL 17+: in this session or
-- set for a role or database) or the right to set it granted to a role (15+), an enabled
-- trail with no rows (a restore that has not loaded them, or a wiped log), and the chain
-- verification. SECURITY DEFINER so an auditor needs EXECUTE on this function only.
CREATE OR REPLACE FUNCTION sec_check.ddl_trail_status()
RETURNS jsonb
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_config sec_check.ddl_audit_config;
  v_enabled boolean;
  v_wanted text[];
  v_verify record;
  v_grants text;
  v_result jsonb;
BEGIN
  SELECT * INTO v_config FROM sec_check.ddl_audit_config WHERE singleton;
  v_enabled := coalesce(v_config.enabled, false);
  v_wanted := ARRAY['ddl_command_end', 'sql_drop', 'table_rewrite']
              || CASE WHEN (v_config.options ->> 'login')::boolean THEN ARRAY['login'] ELSE '{}'::text[] END;
  SELECT * INTO v_verify FROM sec_check.ddl_log_verify();
  -- who may turn event triggers off without being a superuser (GRANT SET ON PARAMETER, 15+)
  IF to_regclass('pg_catalog.pg_parameter_acl') IS NOT NULL THEN
    EXECUTE $q$
      SELECT string_agg(DISTINCT a.grantee::regrole::text, ', ')
        FROM pg_catalog.pg_parameter_acl p, pg_catalog.aclexplode(p.paracl) a
       WHERE p.parname = 'event_triggers' AND a.privilege_type IN ('SET', 'ALTER SYSTEM')
         AND NOT coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = a.grantee), false)$q$
      INTO v_grants;
  END IF;
  WITH ours AS (
    SELECT t.evtname, t.evtevent, t.evtenabled, t.evtfoid = 'sec_check.ddl_capture()'::regprocedure AS runs_capture
      FROM pg_event_trigger t
     WHERE t.evtfoid = 'sec_check.ddl_capture()'::regprocedure OR t.evtname LIKE 'sec\_check\_%'
  )
  SELECT jsonb_build_object(
    'enabled', v_enabled,
    'configured', v_config.singleton IS NOT NULL,
    'strict', coalesce((v_config.options ->> 'strict')::boolean, true),
    'triggers', (SELECT count(*) FROM ours WHERE runs_capture AND evtenabled <> 'D'),
    'missing', (SELECT coalesce(string_agg(w, ', ' ORDER BY w), '') FROM unnest(v_wanted) w
                 WHERE NOT EXISTS (SELECT 1 FROM ours o WHERE o.evtevent = w AND o.runs_capture)),
    -- a trigger of an enabled trail must fire always ('A'); 'O' skips sessions in replica mode
    'disabled', CASE WHEN v_enabled THEN
                  (SELECT coalesce(string_agg(format('%s (%s)', evtname, CASE evtenabled WHEN 'D' THEN 'disabled'
                                                       WHEN 'O' THEN 'not when session_replication_role = replica'
                                                       ELSE 'replica only' END), ', ' ORDER BY evtname), '')
                     FROM ours WHERE runs_capture AND evtevent = ANY (v_wanted) AND evtenabled <> 'A')
                ELSE '' END,
    'foreign', (SELECT coalesce(string_agg(evtname, ', ' ORDER BY evtname), '') FROM ours WHERE NOT runs_capture),
    'code_ok', sec_check.ddl_trail_code_hash() = sec_check.ddl_trail_expected_hash(),
    'event_triggers_off', concat_ws(', ',
        CASE WHEN lower(coalesce(current_setting('event_triggers', true), 'on')) IN ('off', 'false', '0', 'no')
             THEN 'this session' END,
        (SELECT string_agg(format('%s%s', CASE WHEN s.setrole <> 0 THEN 'role ' || s.setrole::regrole::text END,
                                   CASE WHEN s.setdatabase <> 0 THEN ' database ' || (SELECT quote_ident(datname) FROM pg_database WHERE oid = s.setdatabase) END), ', ')
           FROM pg_db_role_setting s, unnest(s.setconfig) c
          WHERE lower(c) IN ('event_triggers=off', 'event_triggers=false', 'event_triggers=0', 'event_triggers=no'))),
    'event_triggers_settable_by', coalesce(v_grants, ''),
    'no_rows', v_enabled AND v_verify.rows_checked = 0,
    'chain_ok', v_verify.ok,
    'rows', v_verify.rows_checked,
    'first_bad_id', v_verify.first_bad_id,
    'chain_detail', v_verify.detail)
  INTO v_result;
  RETURN v_result;
END
$$;
COMMENT ON FUNCTION sec_check.ddl_trail_status() IS
  'State of the DDL trail for the built-in check: enabled, strict, missing or not always firing or foreign event triggers, whether the trigger code was replaced, event_triggers = off or settable by non-superusers, an enabled trail without rows, and the chain verification.';
