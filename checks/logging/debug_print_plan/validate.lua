-- Ensure that debug_print_plan is disabled
function validate_result()
  local row = first_row()
  if row == nil or row.value == nil then
    return could_not_verify("pg_settings: debug_print_plan")
  end
  local vars = { value = row.value }
  if setting_on(row.value) == false then
    return verdict("Success", fill(locale_msg("debug_print_plan.ok"), vars),
      fill(locale_msg("debug_print_plan.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("debug_print_plan.bad"), vars),
    fill(locale_msg("debug_print_plan.bad_full"), vars), fill(locale_msg("debug_print_plan.rec"), vars))
end
