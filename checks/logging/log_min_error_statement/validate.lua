-- ERROR or a more verbose level, so the statement that caused an error is logged with it.
local function judge(value, row)
  local vars = { value = shown_value(value) }
  local order = { debug5 = 1, debug4 = 2, debug3 = 3, debug2 = 4, debug1 = 5, info = 6, notice = 7, warning = 8, error = 9, log = 10, fatal = 11, panic = 12 }
  local level = order[row.parsed.value] or 99
  if level <= 9 then
    return verdict("Success", fill(locale_msg("log_min_error_statement.ok"), vars),
      fill(locale_msg("log_min_error_statement.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_min_error_statement.bad"), vars),
    fill(locale_msg("log_min_error_statement.bad_full"), vars), fill(locale_msg("log_min_error_statement.rec"), vars))
end

function validate_result()
  return judge_fact_setting("log_min_error_statement", judge)
end
