-- Capability-aware verdicts (issue 14): two more reasons on sec_check.results, as
-- 030_table_results.sql now creates them, for databases installed at 0.1.0/0.2.0.
ALTER TABLE sec_check.results DROP CONSTRAINT results_skip_reason_check;
ALTER TABLE sec_check.results ADD CONSTRAINT results_skip_reason_check
  CHECK (skip_reason IN ('version', 'host_agent_required', 'deadline', 'not_applicable_managed', 'insufficient_privilege'));
