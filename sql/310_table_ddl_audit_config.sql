-- since: 0.2.0
-- What sec_check.ddl_audit_enable was told, for the trigger function (filters, strict mode,
-- notification) and for the built-in check (enabled but triggers gone = tampering or a
-- restore that lost them). Empty until the first ddl_audit_enable.
CREATE TABLE sec_check.ddl_audit_config (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  enabled    boolean NOT NULL,
  options    jsonb NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by name NOT NULL DEFAULT session_user
);
COMMENT ON TABLE sec_check.ddl_audit_config IS
  'DDL trail settings written by sec_check.ddl_audit_enable/ddl_audit_disable (one row): enabled and the validated options.';
COMMENT ON COLUMN sec_check.ddl_audit_config.singleton IS 'Always true: the table has one row.';
COMMENT ON COLUMN sec_check.ddl_audit_config.enabled IS 'Whether the DDL trail is enabled.';
COMMENT ON COLUMN sec_check.ddl_audit_config.options IS 'The validated options of the last ddl_audit_enable.';
COMMENT ON COLUMN sec_check.ddl_audit_config.changed_at IS 'When it was last enabled or disabled.';
COMMENT ON COLUMN sec_check.ddl_audit_config.changed_by IS 'Who did it.';
