-- Ensure that log_disconnections is enabled
local function judge(value)
  local vars = { value = value }
  if setting_on(value) then
    return verdict("Success", fill(locale_msg("log_disconnections.ok"), vars),
      fill(locale_msg("log_disconnections.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_disconnections.bad"), vars),
    fill(locale_msg("log_disconnections.bad_full"), vars), fill(locale_msg("log_disconnections.rec"), vars))
end

function validate_result()
  return judge_setting("log_disconnections", judge)
end
