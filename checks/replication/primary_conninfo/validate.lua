function validate_result()
  local row = first_row()
  if row == nil or row.standby == nil then
    return could_not_verify("pg_is_in_recovery()")
  end
  if not row.standby then
    return verdict("Info", locale_msg("primary_conninfo.primary"), locale_msg("primary_conninfo.primary_full"), locale_msg("common.no_action"))
  end
  if not row.visible then
    return could_not_verify("pg_settings: primary_conninfo")
  end
  local vars = { sslmode = row.sslmode }
  if not row.configured then
    return verdict("Info", locale_msg("primary_conninfo.empty"), locale_msg("primary_conninfo.empty_full"), locale_msg("primary_conninfo.rec"))
  end
  local problems = {}
  if row.has_password then problems[#problems + 1] = locale_msg("primary_conninfo.password") end
  if row.sslmode ~= "verify-full" and row.sslmode ~= "verify-ca" then
    problems[#problems + 1] = fill(locale_msg("primary_conninfo.ssl"), vars)
  end
  if #problems > 0 then
    vars.problems = table.concat(problems, " ")
    return verdict("Warning", locale_msg("primary_conninfo.bad"), fill(locale_msg("primary_conninfo.bad_full"), vars), locale_msg("primary_conninfo.rec"))
  end
  return verdict("Success", fill(locale_msg("primary_conninfo.ok"), vars), locale_msg("primary_conninfo.ok_full"), locale_msg("common.no_action"))
end
