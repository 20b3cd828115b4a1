-- since: 0.4.0
-- Upgrading from 0.3.0 or older: give each current-state row the exposure of its verdict's
-- evidence (where that run is still stored) and add a row for every check that was only ever
-- Skipped, as sec_check.process_run now keeps them. Nothing to do on a fresh install.
UPDATE sec_check.check_state AS s
   SET skip_reason = x.skip_reason,
       exposure = sec_check.result_exposure(x.raw)
  FROM sec_check.results AS x
 WHERE x.run_id = s.last_run_id AND coalesce(x.check_id, x.section || '/' || x.check_name) = s.check_key;
INSERT INTO sec_check.check_state (scope, pack, check_key, section, check_id, check_name, severity, last_status,
                                   skip_reason, last_run_id, last_checked_at, short_description, recommendation)
SELECT DISTINCT ON (r.scope, r.pack, coalesce(x.check_id, x.section || '/' || x.check_name))
       r.scope, r.pack, coalesce(x.check_id, x.section || '/' || x.check_name), x.section, x.check_id, x.check_name,
       x.severity, x.status, x.skip_reason, x.run_id, r.finished_at, x.short_description, x.recommendation
  FROM sec_check.results AS x
  JOIN sec_check.run_stats AS r ON r.run_id = x.run_id
 WHERE x.status = 'Skipped'
 ORDER BY r.scope, r.pack, coalesce(x.check_id, x.section || '/' || x.check_name), r.finished_at DESC, x.run_id DESC
ON CONFLICT (scope, pack, check_key) DO NOTHING;
