-- Owner-only (0600) or 0640 is fine; writable by group/others or readable by others is not.
function validate_result()
  local p = probe_values()
  if p == nil or p.hba ~= "present" then
    return probe_failed("PG_HBA_FILE")
  end
  local mode = p.mode and tonumber(p.mode, 8)
  if mode == nil then
    return probe_failed("stat")
  end
  local vars = { mode = p.mode, owner = p.owner or "?", data_owner = p.data_owner or "" }
  if (mode & 2) ~= 0 or (mode & 16) ~= 0 then
    return verdict("Error", fill(locale_msg("pg_hba_permissions.writable"), vars), fill(locale_msg("pg_hba_permissions.writable_full"), vars), locale_msg("pg_hba_permissions.rec"))
  end
  if (mode & 4) ~= 0 or (vars.owner ~= "root" and vars.data_owner ~= "" and vars.owner ~= vars.data_owner) then
    return verdict("Warning", fill(locale_msg("pg_hba_permissions.readable"), vars), fill(locale_msg("pg_hba_permissions.readable_full"), vars), locale_msg("pg_hba_permissions.rec"))
  end
  return verdict("Success", fill(locale_msg("pg_hba_permissions.ok"), vars), locale_msg("pg_hba_permissions.ok_full"), locale_msg("common.no_action"))
end
