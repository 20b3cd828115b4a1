-- since: 0.4.0
-- The one writer of sec_check.config. SECURITY INVOKER and granted to nobody: only the
-- extension owner (or a superuser) holds INSERT on the table, so only they can change what
-- is stored, purged or judged. Each value is checked here, so a bad one never takes effect.
CREATE OR REPLACE FUNCTION sec_check.configure(p_name text, p_value text)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_value text := nullif(btrim(p_value), '');
  v_names text;
BEGIN
  IF NOT pg_catalog.has_table_privilege('sec_check.config', 'INSERT') THEN
    RAISE EXCEPTION 'sec_check.configure: only the extension owner changes sec_check settings (role % cannot)', current_user
      USING ERRCODE = '42501';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM sec_check.effective_config e WHERE e.name = p_name) THEN
    SELECT string_agg(e.name, ', ' ORDER BY e.name) INTO v_names FROM sec_check.effective_config e;
    RAISE EXCEPTION 'sec_check.configure: unknown setting "%" (expected one of %)', p_name, v_names USING ERRCODE = '22023';
  END IF;
  IF v_value IS NOT NULL THEN
    CASE p_name
      WHEN 'keep_days' THEN
        IF v_value !~ '^[0-9]{1,5}$' OR v_value::integer > 36500 THEN
          RAISE EXCEPTION 'sec_check.configure: keep_days must be a whole number of days from 0 (keep every run) to 36500, found "%"', p_value
            USING ERRCODE = '22023';
        END IF;
        v_value := v_value::integer::text;
      WHEN 'max_run_seconds' THEN
        IF v_value !~ '^[0-9]{1,5}(\.[0-9]+)?$' OR v_value::numeric <= 0 OR v_value::numeric > 86400 THEN
          RAISE EXCEPTION 'sec_check.configure: max_run_seconds must be a number of seconds above 0 and at most 86400, found "%"', p_value
            USING ERRCODE = '22023';
        END IF;
      WHEN 'agent_max_age' THEN
        -- the forms the agent_freshness check reads: seconds, or a number with a unit
        IF v_value !~* '^[0-9]{1,9}(\.[0-9]+)?\s*(s|sec|secs|second|seconds|min|mins|minute|minutes|h|hour|hours|d|day|days)?$' THEN
          RAISE EXCEPTION 'sec_check.configure: agent_max_age must be seconds or a number with a unit (s, min, h, d), found "%"', p_value
            USING ERRCODE = '22023';
        END IF;
      WHEN 'fleet_max_age' THEN
        IF v_value !~* '^[0-9]{1,9}(\.[0-9]+)?\s*(s|sec|secs|second|seconds|min|mins|minute|minutes|h|hour|hours|d|day|days)?$' THEN
          RAISE EXCEPTION 'sec_check.configure: fleet_max_age must be seconds or a number with a unit (s, min, h, d), found "%"', p_value
            USING ERRCODE = '22023';
        END IF;
      WHEN 'host_agent' THEN
        IF v_value NOT IN ('expected', 'none') THEN
          RAISE EXCEPTION 'sec_check.configure: host_agent must be expected or none, found "%"', p_value USING ERRCODE = '22023';
        END IF;
      WHEN 'profile' THEN
        IF v_value NOT IN ('auto', 'managed', 'self-hosted') THEN
          RAISE EXCEPTION 'sec_check.configure: profile must be one of auto, managed, self-hosted, found "%"', p_value USING ERRCODE = '22023';
        END IF;
    END CASE;
  END IF;
  IF v_value IS NULL THEN
    DELETE FROM sec_check.config WHERE name = p_name;
  ELSE
    INSERT INTO sec_check.config AS c (name, value) VALUES (p_name, v_value)
    ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, set_by = session_user, set_at = pg_catalog.now();
  END IF;
  RETURN (SELECT e.value FROM sec_check.effective_config e WHERE e.name = p_name);
END
$$;

REVOKE ALL ON FUNCTION sec_check.configure(text, text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.configure(text, text) IS
  'Sets an installation setting (keep_days, max_run_seconds, agent_max_age, fleet_max_age, host_agent, profile) after checking its value; NULL puts the default back. Returns the value now in force. Extension owner only: sessions cannot override these.';
