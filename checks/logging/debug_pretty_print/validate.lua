-- Ensure that debug_pretty_print is enabled
local function judge(value)
  local vars = { value = value }
  if setting_on(value) then
    return verdict("Success", fill(locale_msg("debug_pretty_print.ok"), vars),
      fill(locale_msg("debug_pretty_print.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("debug_pretty_print.bad"), vars),
    fill(locale_msg("debug_pretty_print.bad_full"), vars), fill(locale_msg("debug_pretty_print.rec"), vars))
end

function validate_result()
  return judge_setting("debug_pretty_print", judge)
end
