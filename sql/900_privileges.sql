-- Nothing is open to PUBLIC: a DBA grants what each role needs, e.g.
--   GRANT USAGE ON SCHEMA sec_check TO auditor;
--   GRANT EXECUTE ON FUNCTION sec_check.run(text[], text, text), sec_check.run(text, text, text),
--         sec_check.engine(jsonb), sec_check.pack_for_run(text), sec_check.build_id(),
--         sec_check.record_run(jsonb), sec_check.run_results(bigint) TO auditor;
--   GRANT SELECT ON sec_check.latest_results TO grafana;
REVOKE ALL ON ALL TABLES IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON SCHEMA @extschema@ FROM PUBLIC;

-- Audit history is user data: keep it in pg_dump (the builtin pack comes with the extension).
SELECT pg_catalog.pg_extension_config_dump('@extschema@.runs', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.results', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.packs', 'WHERE NOT builtin');
