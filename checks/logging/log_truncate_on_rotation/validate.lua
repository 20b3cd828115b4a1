-- Ensure that log_truncate_on_rotation is enabled
local function judge(value)
  local vars = { value = value }
  if setting_on(value) then
    return verdict("Success", fill(locale_msg("log_truncate_on_rotation.ok"), vars),
      fill(locale_msg("log_truncate_on_rotation.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_truncate_on_rotation.bad"), vars),
    fill(locale_msg("log_truncate_on_rotation.bad_full"), vars), fill(locale_msg("log_truncate_on_rotation.rec"), vars))
end

function validate_result()
  return judge_setting("log_truncate_on_rotation", judge)
end
