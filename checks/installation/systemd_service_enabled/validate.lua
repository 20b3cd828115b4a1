function validate_result()
  local p = probe_values()
  if p == nil or p.systemd == nil then
    return probe_failed("systemd")
  end
  if p.systemd ~= "present" then
    return verdict("Info", locale_msg("systemd_service_enabled.no_systemd"), locale_msg("systemd_service_enabled.no_systemd_full"), locale_msg("systemd_service_enabled.rec"))
  end
  local vars = { units = p.units or "" }
  if string.find(p.units or "", " enabled", 1, true) then
    return verdict("Success", locale_msg("systemd_service_enabled.ok"), fill(locale_msg("systemd_service_enabled.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", locale_msg("systemd_service_enabled.bad"), fill(locale_msg("systemd_service_enabled.bad_full"), vars), locale_msg("systemd_service_enabled.rec"))
end
