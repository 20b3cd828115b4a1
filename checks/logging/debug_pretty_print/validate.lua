-- Ensure that debug_pretty_print is enabled
local function judge(value, row)
  local vars = { value = shown_value(value) }
  if row.parsed.on then
    return verdict("Success", fill(locale_msg("debug_pretty_print.ok"), vars),
      fill(locale_msg("debug_pretty_print.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("debug_pretty_print.bad"), vars),
    fill(locale_msg("debug_pretty_print.bad_full"), vars), fill(locale_msg("debug_pretty_print.rec"), vars))
end

function validate_result()
  return judge_fact_setting("debug_pretty_print", judge)
end
