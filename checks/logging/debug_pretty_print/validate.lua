-- Ensure that debug_pretty_print is enabled
function validate_result()
  local row = first_row()
  if row == nil or row.value == nil then
    return could_not_verify("pg_settings: debug_pretty_print")
  end
  local vars = { value = row.value }
  if setting_on(row.value) then
    return verdict("Success", fill(locale_msg("debug_pretty_print.ok"), vars),
      fill(locale_msg("debug_pretty_print.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("debug_pretty_print.bad"), vars),
    fill(locale_msg("debug_pretty_print.bad_full"), vars), fill(locale_msg("debug_pretty_print.rec"), vars))
end
