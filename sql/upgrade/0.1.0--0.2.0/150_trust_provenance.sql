-- Provenance and pack integrity (issue 8): what 020_table_runs.sql and 040_table_packs.sql
-- now create, for databases installed at 0.1.0.
ALTER TABLE sec_check.runs ADD COLUMN pack_name text, ADD COLUMN pack_sha256 text;
ALTER TABLE sec_check.packs
  ADD COLUMN allow_side_effects text[] NOT NULL DEFAULT '{}',
  ADD COLUMN uploaded_by name NOT NULL DEFAULT current_user,
  ADD COLUMN sha256 text;
COMMENT ON TABLE sec_check.runs IS
  'sec_check audit runs. Times, run_by (the role whose privileges the checks used), posted_by (the session that stored it) and origin are set by the server, never taken from a posted document; pack_name/pack_sha256 name the stored pack an in-database run used. report holds the report document without its results.';
COMMENT ON TABLE sec_check.packs IS
  'Check packs for sec_check.run(): {configName, config, files, locales}. The builtin pack ships with the extension; others are loaded by the extension owner with sec_check.upload_pack (sec-check pack --upload). sha256 (of pack and allow_side_effects, see sec_check.pack_sha256) is recorded at upload and checked by every run.';
-- Packs loaded before this release are taken as they are now.
UPDATE sec_check.packs
   SET sha256 = pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
         pg_catalog.jsonb_build_object('pack', pack, 'allow_side_effects', pg_catalog.to_jsonb(allow_side_effects))::text, 'UTF8')), 'hex');
-- 0.1.0's grant_audit_access granted record_run, through which an auditor could store any
-- document: take it back from every role (agents get it again with grant_agent_access).
DO $revoke$
DECLARE
  v_grantee regrole;
BEGIN
  FOR v_grantee IN
    SELECT DISTINCT a.grantee::regrole
      FROM pg_catalog.pg_proc p, pg_catalog.aclexplode(p.proacl) AS a
     WHERE p.oid = 'sec_check.record_run(jsonb)'::pg_catalog.regprocedure
       AND a.grantee <> 0 AND a.grantee <> p.proowner
  LOOP
    EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION sec_check.record_run(jsonb) FROM %s', v_grantee);
  END LOOP;
END
$revoke$;
