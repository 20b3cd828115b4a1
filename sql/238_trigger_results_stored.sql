-- since: 0.2.0
CREATE TRIGGER results_stored
  AFTER INSERT ON sec_check.results
  REFERENCING NEW TABLE AS sec_check_new_results
  FOR EACH STATEMENT EXECUTE FUNCTION sec_check.on_results_stored();

COMMENT ON TRIGGER results_stored ON sec_check.results IS
  'Runs sec_check.on_results_stored() once per INSERT of results: lifecycle, alert, retention.';
