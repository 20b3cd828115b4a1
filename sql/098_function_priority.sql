-- since: 0.4.0
-- What to fix first: status x severity, plus one severity step when the finding is
-- reachable from remote addresses. Higher = sooner; 0 = nothing to do (Success, Info,
-- Skipped). Weights: Error 3, Failed (could not verify: it may hide an Error) 2, Warning 1;
-- critical 5, high 4, medium 3 (also when the pack gives no severity), low 2, info 1;
-- exposure remote +1. So 18 is a critical Error reachable from anywhere, 1 an info Warning.
-- The same definition as priorityOf() in src/core/priority.ts, tested equal on one table of
-- cases. No SET clause, so it inlines into the views that call it per row.
CREATE OR REPLACE FUNCTION sec_check.priority(p_status text, p_severity text, p_exposure text DEFAULT NULL)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT (CASE p_status WHEN 'Error' THEN 3 WHEN 'Failed' THEN 2 WHEN 'Warning' THEN 1 ELSE 0 END)
       * ((CASE p_severity WHEN 'critical' THEN 5 WHEN 'high' THEN 4 WHEN 'medium' THEN 3
                           WHEN 'low' THEN 2 WHEN 'info' THEN 1 ELSE 3 END)
          + CASE WHEN p_exposure = 'remote' THEN 1 ELSE 0 END)
$$;

REVOKE ALL ON FUNCTION sec_check.priority(text, text, text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.priority(text, text, text) IS
  'Fix-first order of a result: status weight (Error 3, Failed 2, Warning 1, else 0) x (severity weight: critical 5, high 4, medium or none 3, low 2, info 1; +1 when exposure is remote). 0 = nothing to do; higher first.';
