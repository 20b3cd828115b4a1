-- 0.4.0 makes the DDL trail strict by default (a DDL that cannot be recorded fails). The
-- options 0.3.0 stored always carry "strict": false, its default, so whether an owner chose
-- it cannot be told: an upgraded trail becomes strict like a new one, and the README says
-- how to opt out. The event triggers are put in step (ENABLE ALWAYS) by 356 after this.
UPDATE sec_check.ddl_audit_config SET options = jsonb_set(options, '{strict}', 'true') WHERE singleton;
