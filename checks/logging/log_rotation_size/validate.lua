-- log_rotation_size is in kB (row.parsed.number); 0 disables size-based rotation, acceptable
-- only with time-based rotation.
local function judge(rows)
  local size = rows.log_rotation_size.parsed.number or 0
  local age = rows.log_rotation_age.parsed.number or 0
  local vars = { log_rotation_size = size, log_rotation_age = age }
  if size == 0 and age == 0 then
    return verdict("Warning", locale_msg("log_rotation_size.none"), locale_msg("log_rotation_size.none_full"), locale_msg("log_rotation_size.rec"))
  end
  if size > 0 then
    return verdict("Success", fill(locale_msg("log_rotation_size.ok"), vars),
      fill(locale_msg("log_rotation_size.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Info", fill(locale_msg("log_rotation_size.bad"), vars),
    fill(locale_msg("log_rotation_size.bad_full"), vars), fill(locale_msg("log_rotation_size.rec"), vars))
end

function validate_result()
  return judge_fact_settings({ "log_rotation_size", "log_rotation_age" }, judge)
end
