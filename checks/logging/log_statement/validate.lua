-- At least ddl, so schema and privilege changes are logged.
local function judge(value, row)
  local vars = { value = shown_value(value) }
  if row.parsed.value ~= "none" then
    return verdict("Success", fill(locale_msg("log_statement.ok"), vars),
      fill(locale_msg("log_statement.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_statement.bad"), vars),
    fill(locale_msg("log_statement.bad_full"), vars), fill(locale_msg("log_statement.rec"), vars))
end

function validate_result()
  return judge_fact_setting("log_statement", judge, { log_output = true })
end
