-- since: 0.2.0
-- Upgrading from 0.1.0: fold the runs stored before the lifecycle existed into run_stats and
-- check_state, oldest first, so findings and run_summary start with the whole history.
-- (Nothing to do on a fresh install; role snapshots cannot be made for past runs.)
DO $backfill$
DECLARE
  v_id bigint;
BEGIN
  FOR v_id IN SELECT id FROM sec_check.runs r
               WHERE NOT EXISTS (SELECT 1 FROM sec_check.run_stats s WHERE s.run_id = r.id)
               ORDER BY id LOOP
    PERFORM sec_check.process_run(v_id);
  END LOOP;
END
$backfill$;
