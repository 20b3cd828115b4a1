-- since: 0.4.0
-- Upgrading from a release without sec_check.agent_posts: each role that posted agent runs
-- gets one row holding the newest finish time its stored reports claimed, so record_run's
-- "later than the poster's last report" rule covers what was posted before the upgrade.
-- (Nothing to do on a fresh install.) Claimed times are the posters' text: only well-formed
-- ones count.
DO $seed$
DECLARE
  r record;
  v_at timestamptz;
BEGIN
  FOR r IN SELECT x.posted_by, x.id, coalesce(x.report #>> '{run,claimed,finished_at}', x.finished_at::text) AS claimed
             FROM sec_check.runs x
            WHERE x.origin = 'agent'
            ORDER BY x.id LOOP
    v_at := NULL;
    IF r.claimed ~ '^\d{4}-\d\d-\d\d[T ]\d\d:\d\d' THEN
      BEGIN
        v_at := r.claimed::timestamptz;
      EXCEPTION WHEN OTHERS THEN
        v_at := NULL;
      END;
    END IF;
    CONTINUE WHEN v_at IS NULL OR v_at > now() + interval '5 minutes';
    INSERT INTO sec_check.agent_posts AS a (digest, posted_by, claimed_finished_at, run_id)
    VALUES ('before-0.4.0:' || r.posted_by, r.posted_by, v_at, r.id)
    ON CONFLICT (digest) DO UPDATE SET claimed_finished_at = greatest(a.claimed_finished_at, EXCLUDED.claimed_finished_at),
                                       run_id = EXCLUDED.run_id;
  END LOOP;
END
$seed$;
