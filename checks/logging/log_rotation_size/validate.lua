-- log_rotation_size is in kB; 0 disables size-based rotation, acceptable only with time-based rotation.
function validate_result()
  local row = first_row()
  if row == nil or row.log_rotation_size == nil or row.log_rotation_age == nil then
    return could_not_verify("pg_settings: log_rotation_size, log_rotation_age")
  end
  local vars = { log_rotation_size = row.log_rotation_size, log_rotation_age = row.log_rotation_age }
  if tonumber(row.log_rotation_size) == 0 and tonumber(row.log_rotation_age) == 0 then
    return verdict("Warning", locale_msg("log_rotation_size.none"), locale_msg("log_rotation_size.none_full"), locale_msg("log_rotation_size.rec"))
  end
  if tonumber(row.log_rotation_size) > 0 then
    return verdict("Success", fill(locale_msg("log_rotation_size.ok"), vars),
      fill(locale_msg("log_rotation_size.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Info", fill(locale_msg("log_rotation_size.bad"), vars),
    fill(locale_msg("log_rotation_size.bad_full"), vars), fill(locale_msg("log_rotation_size.rec"), vars))
end
