-- pg_hba.conf as loaded (block hba-source). `sec-check hba --hba-file` gives these rows from the
-- file it parsed instead (changed_since_load NULL there: a question about the loaded file).
WITH
-- include: hba-source
SELECT rule_order, file_name, line_number, type, database, user_name, address, netmask, auth_method, options, error, changed_since_load
  FROM hba_source
