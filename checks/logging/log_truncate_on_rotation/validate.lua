-- Ensure that log_truncate_on_rotation is enabled
function validate_result()
  local row = first_row()
  if row == nil or row.value == nil then
    return could_not_verify("pg_settings: log_truncate_on_rotation")
  end
  local vars = { value = row.value }
  if setting_on(row.value) then
    return verdict("Success", fill(locale_msg("log_truncate_on_rotation.ok"), vars),
      fill(locale_msg("log_truncate_on_rotation.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_truncate_on_rotation.bad"), vars),
    fill(locale_msg("log_truncate_on_rotation.bad_full"), vars), fill(locale_msg("log_truncate_on_rotation.rec"), vars))
end
