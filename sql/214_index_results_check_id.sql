-- since: 0.2.0
-- check_history and the dashboards look up one check's verdicts over time.
CREATE INDEX results_check_id_idx ON sec_check.results (check_id, run_id);

COMMENT ON INDEX sec_check.results_check_id_idx IS 'One check''s verdicts over time (check_history, dashboards).';
