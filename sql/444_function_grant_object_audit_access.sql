-- since: 0.3.0
-- Access to the object-audit layer, in the style of grant_read_access: reading the
-- coverage/access views (dashboards, the object_audit_coverage check run by an auditor),
-- and with p_manage also classifying and setting object audit up.
CREATE OR REPLACE FUNCTION sec_check.grant_object_audit_access(p_role regrole, p_manage boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM sec_check.grant_privileges(p_role, ARRAY[
    'SELECT ON sec_check.sensitive_columns, sec_check.object_audit_coverage, sec_check.object_audit_gaps,
      sec_check.sensitive_access, sec_check.sensitive_access_summary',
    'EXECUTE ON FUNCTION sec_check.object_audit_role_problems()']);
  IF p_manage THEN
    PERFORM sec_check.grant_privileges(p_role, ARRAY[
      'EXECUTE ON FUNCTION sec_check.classify(regclass, text, text), sec_check.unclassify(regclass, text),
        sec_check.unclassify(text, text, text), sec_check.object_audit(regclass, text[], text[]),
        sec_check.object_audit_remove(regclass, text[], text[]), sec_check.object_audit_privileges(regclass, text[], text[]),
        sec_check.object_audit_role(boolean), sec_check.adopt_pii_findings(bigint)']);
  END IF;
END
$$;
REVOKE ALL ON FUNCTION sec_check.grant_object_audit_access(regrole, boolean) FROM PUBLIC;
COMMENT ON FUNCTION sec_check.grant_object_audit_access(regrole, boolean) IS
  'Lets a role read sensitive_columns, object_audit_coverage, object_audit_gaps, sensitive_access and sensitive_access_summary and call object_audit_role_problems() (what the object_audit_coverage check reads); with p_manage, also call classify/unclassify/adopt_pii_findings/object_audit/object_audit_remove (each still needs the caller to own the table or hold grant option on it). Run as the extension owner.';
