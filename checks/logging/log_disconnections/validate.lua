-- Ensure that log_disconnections is enabled
function validate_result()
  local row = first_row()
  if row == nil or row.value == nil then
    return could_not_verify("pg_settings: log_disconnections")
  end
  local vars = { value = row.value }
  if setting_on(row.value) then
    return verdict("Success", fill(locale_msg("log_disconnections.ok"), vars),
      fill(locale_msg("log_disconnections.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_disconnections.bad"), vars),
    fill(locale_msg("log_disconnections.bad_full"), vars), fill(locale_msg("log_disconnections.rec"), vars))
end
