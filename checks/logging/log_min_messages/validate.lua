-- WARNING or a more verbose level; ERROR and above hide warnings that precede incidents.
local function judge(value, row)
  local vars = { value = shown_value(value) }
  local order = { debug5 = 1, debug4 = 2, debug3 = 3, debug2 = 4, debug1 = 5, info = 6, notice = 7, warning = 8, error = 9, log = 10, fatal = 11, panic = 12 }
  local level = order[row.parsed.value] or 99
  if level <= 5 then
    return verdict("Info", fill(locale_msg("log_min_messages.debug"), vars), locale_msg("log_min_messages.debug_full"), locale_msg("log_min_messages.rec"))
  end
  if level <= 8 then
    return verdict("Success", fill(locale_msg("log_min_messages.ok"), vars),
      fill(locale_msg("log_min_messages.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_min_messages.bad"), vars),
    fill(locale_msg("log_min_messages.bad_full"), vars), fill(locale_msg("log_min_messages.rec"), vars))
end

function validate_result()
  return judge_fact_setting("log_min_messages", judge)
end
