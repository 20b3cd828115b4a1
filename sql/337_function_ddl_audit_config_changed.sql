-- since: 0.4.0
-- Trigger function on sec_check.ddl_audit_config: a written config row (by
-- ddl_audit_enable/disable, or loaded by a pg_dump restore, which does not bring back event
-- triggers because they belong to the extension) puts the trail's event triggers in step.
CREATE OR REPLACE FUNCTION sec_check.ddl_audit_config_changed()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  PERFORM sec_check.ddl_audit_sync();
  RETURN NULL;
END
$fn$;
COMMENT ON FUNCTION sec_check.ddl_audit_config_changed() IS
  'Trigger function: after a change of sec_check.ddl_audit_config, sec_check.ddl_audit_sync() puts the DDL trail''s event triggers in step (also after a pg_dump restore).';
REVOKE ALL ON FUNCTION sec_check.ddl_audit_config_changed() FROM PUBLIC;
