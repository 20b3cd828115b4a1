-- since: 0.2.0
-- sha256 (built in since PostgreSQL 11, so pgcrypto is not needed) of the previous hash
-- followed by the row's canonical text.
CREATE OR REPLACE FUNCTION sec_check.ddl_log_hash(p_row sec_check.ddl_log)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
           p_row.prev_hash || sec_check.ddl_log_canonical(p_row), 'UTF8')), 'hex')
$$;
COMMENT ON FUNCTION sec_check.ddl_log_hash(sec_check.ddl_log) IS
  'Hash-chain value of a sec_check.ddl_log row: hex sha256 of prev_hash || ddl_log_canonical(row).';
