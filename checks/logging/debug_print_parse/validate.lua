-- Ensure that debug_print_parse is disabled
local function judge(value, row)
  local vars = { value = shown_value(value) }
  if row.parsed.on == false then
    return verdict("Success", fill(locale_msg("debug_print_parse.ok"), vars),
      fill(locale_msg("debug_print_parse.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("debug_print_parse.bad"), vars),
    fill(locale_msg("debug_print_parse.bad_full"), vars), fill(locale_msg("debug_print_parse.rec"), vars))
end

function validate_result()
  return judge_fact_setting("debug_print_parse", judge)
end
