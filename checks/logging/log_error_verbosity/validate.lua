-- Ensure that log_error_verbosity is configured correctly
local function judge(value, row)
  local vars = { value = shown_value(value) }
  if row.parsed.value ~= "terse" then
    return verdict("Success", fill(locale_msg("log_error_verbosity.ok"), vars),
      fill(locale_msg("log_error_verbosity.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_error_verbosity.bad"), vars),
    fill(locale_msg("log_error_verbosity.bad_full"), vars), fill(locale_msg("log_error_verbosity.rec"), vars))
end

function validate_result()
  return judge_fact_setting("log_error_verbosity", judge)
end
