-- Info (not Warning) when wal-g is absent: another tool such as pgBackRest may be in use.
function validate_result()
  local p = probe_values()
  if p == nil or p.walg == nil then
    return probe_failed("walg")
  end
  local vars = { version = p.walg_version or "", env = p.walg_env or "" }
  if p.walg ~= "installed" then
    return verdict("Info", locale_msg("walg.missing"), locale_msg("walg.missing_full"), locale_msg("walg.rec"))
  end
  if p.walg_config ~= "present" and (p.walg_env or "") == "" then
    return verdict("Warning", fill(locale_msg("walg.unconfigured"), vars), locale_msg("walg.unconfigured_full"), locale_msg("walg.rec"))
  end
  return verdict("Success", fill(locale_msg("walg.ok"), vars), fill(locale_msg("walg.ok_full"), vars), locale_msg("common.no_action"))
end
