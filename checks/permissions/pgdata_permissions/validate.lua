-- 0700 (or 0750 with group access) is expected; anything for "others" or group write is wrong.
function validate_result()
  local p = probe_values()
  if p == nil or p.pgdata == nil then
    return probe_failed("pgdata")
  end
  if p.pgdata ~= "present" then
    return probe_failed("PGDATA=" .. p.pgdata)
  end
  local mode = p.mode and tonumber(p.mode, 8)
  if mode == nil then
    return probe_failed("stat")
  end
  local vars = { mode = p.mode, owner = p.owner or "?", postmaster = p.postmaster_owner or "",
                 foreign = p.foreign_count or "", sample = p.foreign_sample or "" }
  if (mode & 7) ~= 0 or (mode & 16) ~= 0 then
    return verdict("Error", fill(locale_msg("pgdata_permissions.open"), vars),
      fill(locale_msg("pgdata_permissions.open_full"), vars), locale_msg("pgdata_permissions.mode_rec"))
  end
  if vars.owner == "root" or (vars.postmaster ~= "" and vars.postmaster ~= vars.owner) then
    return verdict("Error", fill(locale_msg("pgdata_permissions.owner"), vars),
      fill(locale_msg("pgdata_permissions.owner_full"), vars), locale_msg("pgdata_permissions.owner_rec"))
  end
  local foreign = tonumber(p.foreign_count)
  if foreign and foreign > 0 then
    return verdict("Warning", fill(locale_msg("pgdata_permissions.foreign"), vars),
      fill(locale_msg("pgdata_permissions.foreign_full"), vars), locale_msg("pgdata_permissions.owner_rec"))
  end
  return verdict("Success", fill(locale_msg("pgdata_permissions.ok"), vars),
    locale_msg("pgdata_permissions.ok_full"), locale_msg("common.no_action"))
end
