-- since: 0.4.0
-- Before 0.4.0 retention, the run budget, the agent's allowed age and the profile were read
-- from `sec_check.*` settings of the caller's session, which any role can set. They are no
-- longer read; this names the ones a session still carries so run() and the store can say
-- so (once, as a WARNING) instead of silently doing something else than the caller expects.
CREATE OR REPLACE FUNCTION sec_check.ignored_settings(p_names text[])
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT string_agg(format('sec_check.%s = %s (use SELECT sec_check.configure(%L, %L) as the extension owner)',
                           s.name, pg_catalog.quote_literal(v.value), s.name, v.value), '; ' ORDER BY s.name)
    FROM pg_catalog.unnest(p_names) AS s(name)
    CROSS JOIN LATERAL (SELECT nullif(btrim(pg_catalog.current_setting('sec_check.' || s.name, true)), '') AS value) AS v
   WHERE v.value IS NOT NULL
$$;

REVOKE ALL ON FUNCTION sec_check.ignored_settings(text[]) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.ignored_settings(text[]) IS
  'Internal: which of the named legacy settings (sec_check.keep_days, max_run_seconds, agent_max_age, profile) this session carries, which sec_check no longer reads, with the configure() call that replaces each; NULL when there is none.';
