-- since: 0.1.0
-- Nothing is open to PUBLIC: a DBA grants what each role needs, e.g.
--   SELECT sec_check.grant_audit_access('auditor');   -- run audits, read its own runs
--   GRANT USAGE ON SCHEMA sec_check TO grafana;
--   GRANT SELECT ON sec_check.latest_results TO grafana;
-- Agent posts (grant_agent_access), evidence of all runs (grant_evidence_access) and pack
-- uploads (upload_pack, never granted: extension owner only) are separate.
REVOKE ALL ON ALL TABLES IN SCHEMA sec_check FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA sec_check FROM PUBLIC;
REVOKE ALL ON SCHEMA sec_check FROM PUBLIC;

-- Audit history is user data: keep it in pg_dump (the builtin pack comes with the extension).
SELECT pg_catalog.pg_extension_config_dump('sec_check.runs', '');
-- and the identity sequence, or a restored database hands out run ids already in use
SELECT pg_catalog.pg_extension_config_dump('sec_check.runs_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('sec_check.results', '');
SELECT pg_catalog.pg_extension_config_dump('sec_check.packs', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('sec_check.evidence_readers', '');
