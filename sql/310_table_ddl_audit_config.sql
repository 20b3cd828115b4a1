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
