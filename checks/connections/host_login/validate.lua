-- Grades come from query.sql (first-match lines only); Warning/Error when the file is not in force.
function validate_result()
  local row = first_row()
  if row == nil or row.host_lines == nil then
    return could_not_verify("pg_hba_file_rules")
  end
  local vars = { severe = row.severe_lines or "", weak = row.weak_lines or "" }
  local result
  if row.severe_lines then
    -- the weak lines are a paragraph of their own only when there are some
    local full = fill(locale_msg("host_login.severe_full"), vars)
    if row.weak_lines then full = full .. fill(locale_msg("host_login.severe_weak_full"), vars) end
    result = verdict("Error", locale_msg("host_login.severe"), full, locale_msg("host_login.rec"))
  elseif row.weak_lines then
    result = verdict("Warning", locale_msg("host_login.weak"),
      fill(locale_msg("host_login.weak_full"), vars), locale_msg("host_login.rec"))
  else
    result = verdict("Success", locale_msg("host_login.ok"),
      locale_msg("host_login.ok_full"), locale_msg("common.no_action"))
  end
  return hba_not_in_force(row, result) or result
end
