-- since: 0.2.0
-- The trail is written only through sec_check.ddl_log_append (owner); nothing for PUBLIC,
-- also on the upgrade path (900_privileges.sql runs at install only).
REVOKE ALL ON sec_check.ddl_log, sec_check.ddl_chain, sec_check.ddl_audit_config,
              sec_check.ddl_log_heads, sec_check.ddl_activity FROM PUBLIC;
REVOKE ALL ON SEQUENCE sec_check.ddl_log_id_seq, sec_check.ddl_log_heads_id_seq FROM PUBLIC;
REVOKE ALL ON FUNCTION sec_check.ddl_log_canonical(sec_check.ddl_log), sec_check.ddl_log_hash(sec_check.ddl_log),
  sec_check.ddl_mask_statement(text, integer),
  sec_check.ddl_log_append(text, text, text, text, text, boolean, text, boolean, text),
  sec_check.ddl_audit_options(jsonb), sec_check.ddl_capture(), sec_check.ddl_trail_code_hash(),
  sec_check.ddl_trail_expected_hash(), sec_check.ddl_audit_enable(jsonb), sec_check.ddl_audit_drop_triggers(),
  sec_check.ddl_audit_disable(), sec_check.ddl_log_verify(bigint, text), sec_check.ddl_log_record_head(bigint),
  sec_check.ddl_trail_status(), sec_check.grant_ddl_trail_access(regrole) FROM PUBLIC;
-- The trail, its sequence and the recorded heads are user data: keep them in pg_dump.
SELECT pg_catalog.pg_extension_config_dump('sec_check.ddl_log', '');
SELECT pg_catalog.pg_extension_config_dump('sec_check.ddl_log_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('sec_check.ddl_log_heads', '');
SELECT pg_catalog.pg_extension_config_dump('sec_check.ddl_log_heads_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('sec_check.ddl_audit_config', '');
