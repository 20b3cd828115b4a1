-- migrates: sql/200_table_check_state.sql
-- migrates: sql/202_table_run_stats.sql
-- The current state keeps a never-evaluated check's newest Skipped verdict (with its reason)
-- and each verdict's exposure; run_stats keeps the current-state score after each run, overall
-- and per group.
-- Existing rows are filled by sql/299_data_backfill_current_state.sql (it needs functions
-- this release adds); state_score and state_scores stay NULL for runs stored before 0.4.0.
ALTER TABLE sec_check.check_state ADD COLUMN IF NOT EXISTS skip_reason text, ADD COLUMN IF NOT EXISTS exposure text;
ALTER TABLE sec_check.run_stats ADD COLUMN IF NOT EXISTS state_score numeric(4,1), ADD COLUMN IF NOT EXISTS state_scores jsonb;
COMMENT ON TABLE sec_check.check_state IS
  'The current state: latest evaluated verdict and finding lifecycle per check, scope (database) and pack (a check never evaluated keeps its newest Skipped verdict). finding_state is NULL while the check has never failed; a Skipped result never replaces an evaluated verdict, and runs without the check leave a row unchanged.';
