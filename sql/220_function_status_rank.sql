-- since: 0.2.0
-- How bad a verdict is, in the order of `sec-check --fail-on`: Error > Failed > Warning.
-- 0 = not a finding (Success, Info); NULL = not evaluated (Skipped, missing).
-- No SET clause (it only uses built-in operators): a SET would stop PostgreSQL from inlining
-- it, and it is called per result row by the views and the lifecycle.
CREATE OR REPLACE FUNCTION sec_check.status_rank(p_status text)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE p_status WHEN 'Error' THEN 3 WHEN 'Failed' THEN 2 WHEN 'Warning' THEN 1
                       WHEN 'Success' THEN 0 WHEN 'Info' THEN 0 END
$$;

REVOKE ALL ON FUNCTION sec_check.status_rank(text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.status_rank(text) IS
  'Severity order of a verdict: Error 3, Failed 2, Warning 1, Success/Info 0, Skipped NULL (not evaluated). A finding has rank > 0.';
