-- Ensure that log_error_verbosity is configured correctly
local function judge(value)
  local vars = { value = value }
  if string.lower(value) ~= "terse" then
    return verdict("Success", fill(locale_msg("log_error_verbosity.ok"), vars),
      fill(locale_msg("log_error_verbosity.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_error_verbosity.bad"), vars),
    fill(locale_msg("log_error_verbosity.bad_full"), vars), fill(locale_msg("log_error_verbosity.rec"), vars))
end

function validate_result()
  return judge_setting("log_error_verbosity", judge)
end
