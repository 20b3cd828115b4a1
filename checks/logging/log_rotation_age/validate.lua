-- log_rotation_age is in minutes; 0 disables time-based rotation.
function validate_result()
  local row = first_row()
  if row == nil or row.log_rotation_age == nil or row.log_rotation_size == nil then
    return could_not_verify("pg_settings: log_rotation_age, log_rotation_size")
  end
  local vars = { log_rotation_age = row.log_rotation_age, log_rotation_size = row.log_rotation_size }
  if tonumber(row.log_rotation_age) > 0 then
    return verdict("Success", fill(locale_msg("log_rotation_age.ok"), vars),
      fill(locale_msg("log_rotation_age.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_rotation_age.bad"), vars),
    fill(locale_msg("log_rotation_age.bad_full"), vars), fill(locale_msg("log_rotation_age.rec"), vars))
end
