-- pg_wal on the data filesystem: a full disk stops both; a separate volume isolates them.
function validate_result()
  local p = probe_values()
  if p == nil or p.pgdata ~= "present" then
    return probe_failed("PGDATA")
  end
  if p.data_dev == nil or p.data_dev == "" or p.wal_dev == nil or p.wal_dev == "" then
    return probe_failed("stat")
  end
  local vars = { tablespaces = p.tablespaces_elsewhere or "0" }
  if p.data_dev == p.wal_dev then
    return verdict("Warning", locale_msg("wal_temp_partitions.same"), fill(locale_msg("wal_temp_partitions.same_full"), vars), locale_msg("wal_temp_partitions.rec"))
  end
  return verdict("Success", locale_msg("wal_temp_partitions.ok"), fill(locale_msg("wal_temp_partitions.ok_full"), vars), locale_msg("common.no_action"))
end
