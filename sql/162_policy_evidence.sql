-- since: 0.2.0
-- Row-level security on stored runs: a run and its evidence are visible to the role that
-- ran it (run_by), the session that posted it (posted_by), and roles named in
-- evidence_readers (or a member of one). Superusers and the extension owner bypass RLS;
-- latest_results (owned by the extension owner) still shows every verdict, without raw.
ALTER TABLE sec_check.runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE sec_check.results ENABLE ROW LEVEL SECURITY;

CREATE POLICY runs_visible ON sec_check.runs FOR SELECT
  USING (run_by = current_user OR posted_by = current_user
         OR EXISTS (SELECT 1 FROM sec_check.evidence_readers e
                     WHERE pg_catalog.pg_has_role(current_user, e.reader, 'USAGE')));

CREATE POLICY results_visible ON sec_check.results FOR SELECT
  USING (EXISTS (SELECT 1 FROM sec_check.runs r WHERE r.id = run_id));

COMMENT ON POLICY runs_visible ON sec_check.runs IS
  'A run is visible to run_by, posted_by and roles granted sec_check.grant_evidence_access.';
COMMENT ON POLICY results_visible ON sec_check.results IS
  'Results (and their raw evidence) are visible exactly when their run is.';
