-- since: 0.4.0
-- For dashboards: one row per scope (database), pack and framework with the controls counted
-- by status and the framework score, passed / judged as in the reports (judged = pass + fail
-- + could_not_verify; manual, attested and not applicable controls are not judged).
CREATE OR REPLACE VIEW sec_check.compliance_score AS
SELECT s.scope, s.pack, s.framework,
       count(*) FILTER (WHERE s.status = 'pass') AS pass,
       count(*) FILTER (WHERE s.status = 'fail') AS fail,
       count(*) FILTER (WHERE s.status = 'could_not_verify') AS could_not_verify,
       count(*) FILTER (WHERE s.status = 'manual') AS manual,
       count(*) FILTER (WHERE s.status = 'attested') AS attested,
       count(*) FILTER (WHERE s.status = 'not_applicable') AS not_applicable,
       count(*) FILTER (WHERE s.waived) AS waived,
       CASE WHEN count(*) FILTER (WHERE s.status IN ('pass', 'fail', 'could_not_verify')) > 0
            THEN (floor(1000.0 * count(*) FILTER (WHERE s.status = 'pass')
                        / count(*) FILTER (WHERE s.status IN ('pass', 'fail', 'could_not_verify'))) / 10)::numeric(4,1)
       END AS score,
       min(s.oldest_verdict_at) AS oldest_verdict_at
  FROM sec_check.compliance_status s
 GROUP BY s.scope, s.pack, s.framework;

COMMENT ON VIEW sec_check.compliance_score IS
  'Per scope (database), pack and framework: controls by status and the framework score (pass / (pass + fail + could_not_verify), in percent; manual, attested and not applicable are not judged).';
COMMENT ON COLUMN sec_check.compliance_score.scope IS 'The audited database.';
COMMENT ON COLUMN sec_check.compliance_score.pack IS 'Report name of the pack that ran the checks.';
COMMENT ON COLUMN sec_check.compliance_score.framework IS 'Framework id.';
COMMENT ON COLUMN sec_check.compliance_score.pass IS 'Controls whose deciding checks pass.';
COMMENT ON COLUMN sec_check.compliance_score.fail IS 'Controls with a failing deciding check (waived ones included).';
COMMENT ON COLUMN sec_check.compliance_score.could_not_verify IS 'Controls a deciding check could not verify.';
COMMENT ON COLUMN sec_check.compliance_score.manual IS 'Controls that need a person''s evidence.';
COMMENT ON COLUMN sec_check.compliance_score.attested IS 'Manual controls with an attestation in force.';
COMMENT ON COLUMN sec_check.compliance_score.not_applicable IS 'Controls whose checks do not apply to this server.';
COMMENT ON COLUMN sec_check.compliance_score.waived IS 'Failing controls whose failing checks are all waived.';
COMMENT ON COLUMN sec_check.compliance_score.score IS 'pass / (pass + fail + could_not_verify) in percent, one decimal, rounded down; NULL when nothing is judged.';
COMMENT ON COLUMN sec_check.compliance_score.oldest_verdict_at IS 'The oldest check verdict the framework''s controls rely on.';
