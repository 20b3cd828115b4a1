-- Ensure that debug_print_plan is disabled
local function judge(value, row)
  local vars = { value = shown_value(value) }
  if row.parsed.on == false then
    return verdict("Success", fill(locale_msg("debug_print_plan.ok"), vars),
      fill(locale_msg("debug_print_plan.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("debug_print_plan.bad"), vars),
    fill(locale_msg("debug_print_plan.bad_full"), vars), fill(locale_msg("debug_print_plan.rec"), vars))
end

function validate_result()
  return judge_fact_setting("debug_print_plan", judge)
end
