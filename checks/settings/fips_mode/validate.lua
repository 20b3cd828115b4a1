-- The kernel flag is the system-wide FIPS switch on RHEL-like systems; without it, or
-- without the file, FIPS mode cannot be confirmed.
function validate_result()
  local p = probe_values()
  if p == nil or p.fips_enabled == nil then
    return probe_failed("fips_enabled")
  end
  local vars = { flag = p.fips_enabled, openssl = p.openssl or "" }
  if p.fips_enabled == "1" then
    return verdict("Success", locale_msg("fips_mode.ok"), fill(locale_msg("fips_mode.ok_full"), vars), locale_msg("common.no_action"))
  end
  if p.fips_enabled == "unknown" then
    return verdict("Info", locale_msg("fips_mode.unknown"), fill(locale_msg("fips_mode.unknown_full"), vars), locale_msg("fips_mode.rec"))
  end
  return verdict("Warning", locale_msg("fips_mode.off"), fill(locale_msg("fips_mode.off_full"), vars), locale_msg("fips_mode.rec"))
end
