-- since: 0.1.0
-- Nothing is open to PUBLIC: a DBA grants what each role needs, e.g.
--   SELECT sec_check.grant_audit_access('auditor');   -- run audits, post agent results, read runs
--   GRANT USAGE ON SCHEMA sec_check TO grafana;
--   GRANT SELECT ON sec_check.latest_results TO grafana;
REVOKE ALL ON ALL TABLES IN SCHEMA sec_check FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA sec_check FROM PUBLIC;
REVOKE ALL ON SCHEMA sec_check FROM PUBLIC;

-- Audit history is user data: keep it in pg_dump (the builtin pack comes with the extension).
SELECT pg_catalog.pg_extension_config_dump('sec_check.runs', '');
SELECT pg_catalog.pg_extension_config_dump('sec_check.results', '');
SELECT pg_catalog.pg_extension_config_dump('sec_check.packs', 'WHERE NOT builtin');
