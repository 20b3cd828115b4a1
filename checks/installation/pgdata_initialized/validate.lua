function validate_result()
  local p = probe_values()
  if p == nil or p.pgdata == nil then
    return probe_failed("PGDATA")
  end
  if p.pgdata ~= "present" or p.pgdata_version == "unreadable" then
    return probe_failed("PGDATA/PG_VERSION")
  end
  local vars = { version = p.pgdata_version or "", server = p.server_major or "" }
  if p.pg_control ~= "present" or p.base ~= "present" then
    return verdict("Error", locale_msg("pgdata_initialized.incomplete"), locale_msg("pgdata_initialized.incomplete_full"), locale_msg("pgdata_initialized.rec"))
  end
  if vars.server ~= "" and vars.server ~= vars.version then
    return verdict("Warning", fill(locale_msg("pgdata_initialized.mismatch"), vars), fill(locale_msg("pgdata_initialized.mismatch_full"), vars), locale_msg("pgdata_initialized.rec"))
  end
  return verdict("Success", fill(locale_msg("pgdata_initialized.ok"), vars), locale_msg("pgdata_initialized.ok_full"), locale_msg("common.no_action"))
end
