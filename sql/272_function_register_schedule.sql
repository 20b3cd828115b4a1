-- since: 0.2.0
-- Bookkeeping for sec_check.schedule(), which itself runs as the caller (so pg_cron's job
-- belongs to the caller). Only a pg_cron job the caller owns can be registered.
CREATE OR REPLACE FUNCTION sec_check.register_schedule(p_name text, p_cron text, p_groups text[],
                                                       p_locale text, p_pack text, p_jobid bigint)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_owner name;
BEGIN
  EXECUTE 'SELECT username FROM cron.job WHERE jobid = $1' INTO v_owner USING p_jobid;
  IF v_owner IS NULL THEN
    RAISE EXCEPTION 'sec_check.register_schedule: there is no pg_cron job %', p_jobid;
  END IF;
  IF v_owner <> session_user AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
    RAISE EXCEPTION 'sec_check.register_schedule: pg_cron job % belongs to %, not %', p_jobid, v_owner, session_user;
  END IF;
  INSERT INTO sec_check.scheduled_audits (name, cron_schedule, groups, locale, pack, owner, jobid)
  VALUES (p_name, p_cron, p_groups, p_locale, p_pack, v_owner, p_jobid)
  ON CONFLICT (name) DO UPDATE
    SET cron_schedule = EXCLUDED.cron_schedule, groups = EXCLUDED.groups, locale = EXCLUDED.locale,
        pack = EXCLUDED.pack, owner = EXCLUDED.owner, jobid = EXCLUDED.jobid;
END
$$;

REVOKE ALL ON FUNCTION sec_check.register_schedule(text, text, text[], text, text, bigint) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.register_schedule(text, text, text[], text, text, bigint) IS
  'Internal to sec_check.schedule(): records a scheduled audit and the pg_cron job (owned by the caller) that runs it.';
