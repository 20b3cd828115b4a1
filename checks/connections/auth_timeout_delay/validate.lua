function validate_result()
  local row = first_row()
  if row == nil or row.auth_timeout == nil or row.preload == nil then
    return could_not_verify("pg_settings: authentication_timeout, shared_preload_libraries")
  end
  local vars = { timeout = row.auth_timeout, delay = row.delay_ms or 0 }
  local problems = {}
  if row.auth_timeout > 60 then
    problems[#problems + 1] = fill(locale_msg("auth_timeout_delay.long_timeout"), vars)
  end
  if not list_has(list_items(row.preload), "auth_delay") or (row.delay_ms or 0) <= 0 then
    problems[#problems + 1] = locale_msg("auth_timeout_delay.no_delay")
  end
  if #problems > 0 then
    vars.problems = table.concat(problems, " ")
    return verdict("Warning", fill(locale_msg("auth_timeout_delay.bad"), vars),
      fill(locale_msg("auth_timeout_delay.bad_full"), vars), locale_msg("auth_timeout_delay.rec"))
  end
  return verdict("Success", fill(locale_msg("auth_timeout_delay.ok"), vars),
    locale_msg("auth_timeout_delay.ok_full"), locale_msg("common.no_action"))
end
