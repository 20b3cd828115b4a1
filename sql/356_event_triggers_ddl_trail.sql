-- since: 0.4.0
-- The trail's event triggers are part of the extension from the install on, disabled until
-- sec_check.ddl_audit_enable() (they used to be created by it, which pg_dump could not bring
-- back). On an upgrade they follow the stored config (an enabled trail stays enabled, now
-- firing ALWAYS); the 0.3.0--0.4.0 migration removed the ones ddl_audit_enable had created.
SELECT sec_check.ddl_audit_sync();
