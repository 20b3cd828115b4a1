-- since: 0.4.0
-- Each control of each framework a stored pack maps, per scope (database) of that pack, over
-- the current state (sec_check.current_state: each deciding check's latest evaluated verdict;
-- a check never evaluated shows its newest Skipped one). The rules are those of
-- src/core/compliance/evaluate.ts (docs/verdicts.md, "Compliance controls"), kept equal by
-- test/integration/compliance.test.ts:
--   fail              a deciding check is Warning or Error (waived = every one of them waived)
--   could_not_verify  else one is Failed, has no verdict, or was Skipped for another reason than
--                     version / not_applicable_managed: never a pass
--   not_applicable    else all were Skipped as not applicable
--   manual            no deciding check, or what is left is Info; attested when the control
--                     names its evidence and an attestation is in force for it
--   pass              otherwise
-- Evidence texts follow current_state: NULL unless the reader may read the run they came from.
CREATE OR REPLACE VIEW sec_check.compliance_status AS
WITH scopes AS (
  SELECT DISTINCT cs.scope, cs.pack FROM sec_check.current_state cs
), controls AS (
  SELECT sc.scope, fc.*
    FROM scopes sc
    JOIN sec_check.framework_controls fc ON fc.pack = sc.pack
), verdicts AS (
  -- current_state: the latest evaluated verdict (a check never evaluated: its newest Skipped
  -- one, so "not applicable" and "could not verify" stay apart), waived, and the text NULL
  -- unless the reader may read the run it came from
  SELECT c.scope, c.pack, c.framework, c.control_id, ck.check_id, ck.n,
         v.status, v.skip_reason, v.checked_at, v.short_description, coalesce(v.waived, false) AS waived
    FROM controls c
    LEFT JOIN LATERAL unnest(c.checks) WITH ORDINALITY AS ck(check_id, n) ON true
    LEFT JOIN sec_check.current_state v
      ON v.scope = c.scope AND v.pack = c.pack AND v.check_id = ck.check_id
), judged AS (
  SELECT scope, pack, framework, control_id,
         count(check_id) AS n_checks,
         bool_or(status IN ('Warning', 'Error')) AS any_fail,
         bool_and(waived) FILTER (WHERE status IN ('Warning', 'Error')) AS fail_waived,
         bool_or(check_id IS NOT NULL AND (status IS NULL OR status = 'Failed'
                 OR (status = 'Skipped' AND coalesce(skip_reason, '') NOT IN ('version', 'not_applicable_managed')))) AS any_unverified,
         bool_and(status = 'Skipped') AS all_skipped,
         bool_or(status = 'Info') AS any_info,
         min(checked_at) AS oldest_verdict_at,
         coalesce(jsonb_agg(jsonb_build_object('check_id', check_id, 'status', status, 'skip_reason', skip_reason,
                                               'short_description', short_description, 'waived', waived,
                                               'checked_at', checked_at) ORDER BY n)
                  FILTER (WHERE check_id IS NOT NULL), '[]'::jsonb) AS checks
    FROM verdicts
   GROUP BY scope, pack, framework, control_id
)
SELECT c.scope, c.pack, c.framework, c.ordinal, c.control_id, c.title, c.level, c.assessment,
       CASE WHEN j.n_checks = 0 THEN CASE WHEN a.id IS NOT NULL AND c.manual IS NOT NULL THEN 'attested' ELSE 'manual' END
            WHEN j.any_fail THEN 'fail'
            WHEN j.any_unverified THEN 'could_not_verify'
            WHEN j.all_skipped THEN 'not_applicable'
            WHEN j.any_info THEN CASE WHEN a.id IS NOT NULL AND c.manual IS NOT NULL THEN 'attested' ELSE 'manual' END
            ELSE 'pass' END AS status,
       coalesce(j.any_fail AND j.fail_waived, false) AS waived,
       j.checks, c.manual,
       CASE WHEN (j.n_checks = 0 OR (NOT coalesce(j.any_fail, false) AND NOT coalesce(j.any_unverified, false)
                                     AND NOT coalesce(j.all_skipped, false) AND coalesce(j.any_info, false)))
                 AND c.manual IS NOT NULL THEN a.id END AS attestation_id,
       j.oldest_verdict_at
  FROM controls c
  JOIN judged j USING (scope, pack, framework, control_id)
  LEFT JOIN LATERAL (
    SELECT aa.id FROM sec_check.active_attestations aa
     WHERE aa.framework = c.framework AND aa.control_id = c.control_id
       AND (aa.scope IS NULL OR aa.scope = c.scope)
     ORDER BY aa.scope IS NULL, aa.expires_at DESC, aa.id DESC
     LIMIT 1
  ) a ON true;

COMMENT ON VIEW sec_check.compliance_status IS
  'Every control of every mapped framework per scope (database) and pack, over the current state: status pass | fail | could_not_verify | manual | attested | not_applicable, waived (a fail whose failing checks are all waived), the deciding checks with their verdicts and evidence (plain texts, NULL unless the reader may read the run), the evidence a person attaches, the attestation in force. For dashboards; sec_check.compliance(framework) reads it for one framework and database.';
COMMENT ON COLUMN sec_check.compliance_status.scope IS 'The audited database.';
COMMENT ON COLUMN sec_check.compliance_status.pack IS 'Report name of the pack that ran the checks.';
COMMENT ON COLUMN sec_check.compliance_status.framework IS 'Framework id.';
COMMENT ON COLUMN sec_check.compliance_status.ordinal IS 'Position of the control in the framework.';
COMMENT ON COLUMN sec_check.compliance_status.control_id IS 'The framework''s id of the control.';
COMMENT ON COLUMN sec_check.compliance_status.title IS 'sec_check''s own one-line summary of the control.';
COMMENT ON COLUMN sec_check.compliance_status.level IS 'The framework''s level or category, when known.';
COMMENT ON COLUMN sec_check.compliance_status.assessment IS 'The framework''s own label: automated or manual.';
COMMENT ON COLUMN sec_check.compliance_status.status IS 'pass, fail, could_not_verify (never a pass), manual, attested (a person''s statement, never an automated pass) or not_applicable.';
COMMENT ON COLUMN sec_check.compliance_status.waived IS 'A fail whose failing checks are all under a waiver in force; the status stays fail.';
COMMENT ON COLUMN sec_check.compliance_status.checks IS 'The deciding checks: [{check_id, status (null = no verdict), skip_reason, short_description, waived, checked_at}].';
COMMENT ON COLUMN sec_check.compliance_status.manual IS 'The evidence a person attaches, for controls that can be attested.';
COMMENT ON COLUMN sec_check.compliance_status.attestation_id IS 'The attestation in force that makes the control attested (sec_check.active_attestations.id), else NULL.';
COMMENT ON COLUMN sec_check.compliance_status.oldest_verdict_at IS 'When the oldest verdict the control relies on was checked.';
