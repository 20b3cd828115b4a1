-- Ensure that log_disconnections is enabled
local function judge(value, row)
  local vars = { value = shown_value(value) }
  if row.parsed.on then
    return verdict("Success", fill(locale_msg("log_disconnections.ok"), vars),
      fill(locale_msg("log_disconnections.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_disconnections.bad"), vars),
    fill(locale_msg("log_disconnections.bad_full"), vars), fill(locale_msg("log_disconnections.rec"), vars))
end

function validate_result()
  return judge_fact_setting("log_disconnections", judge, { log_output = true })
end
