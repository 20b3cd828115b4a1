-- block: hba-first (checks/_lib/sql/hba-first.sql): for the checks, the deciding line joined to
-- each decision of the fact hba_decision, one row per database (refused probes left out): role_class, datname,
-- replication, transport, addr, remote, addr_class and the line's rule_order, line, type,
-- auth_method, options, file_name, line_number. Reads hba_decision and hba_line.
hba_first AS (
  SELECT d.role_class, x.datname, d.replication, d.transport, d.addr, d.remote, d.addr_class,
         h.rule_order, h.line, h.type, h.auth_method, h.options, h.file_name, h.line_number
    FROM hba_decision AS d
    JOIN hba_line AS h ON h.rule_order = d.rule_order
   CROSS JOIN LATERAL unnest(d.datnames) AS x(datname)
)
-- end block: hba-first
