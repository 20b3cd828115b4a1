-- Ensure that log_error_verbosity is configured correctly
function validate_result()
  local row = first_row()
  if row == nil or row.value == nil then
    return could_not_verify("pg_settings: log_error_verbosity")
  end
  local vars = { value = row.value }
  if string.lower(row.value) ~= "terse" then
    return verdict("Success", fill(locale_msg("log_error_verbosity.ok"), vars),
      fill(locale_msg("log_error_verbosity.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_error_verbosity.bad"), vars),
    fill(locale_msg("log_error_verbosity.bad_full"), vars), fill(locale_msg("log_error_verbosity.rec"), vars))
end
