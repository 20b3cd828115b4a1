-- since: 0.4.0
-- PII findings get a row-level security policy in this release (419_policy_pii_findings)
-- that reads sec_check.evidence_readers as the querying role: roles granted PII access
-- before this release get SELECT on it, as grant_pii_access now gives.
DO $grant$
DECLARE
  v_grantee regrole;
BEGIN
  FOR v_grantee IN
    SELECT DISTINCT a.grantee::regrole
      FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) AS a
     WHERE c.oid = 'sec_check.pii_findings'::pg_catalog.regclass
       AND a.privilege_type = 'SELECT' AND a.grantee <> 0 AND a.grantee <> c.relowner
  LOOP
    EXECUTE pg_catalog.format('GRANT SELECT ON sec_check.evidence_readers TO %s', v_grantee);
  END LOOP;
END
$grant$;
