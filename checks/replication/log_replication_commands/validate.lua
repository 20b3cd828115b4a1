-- Ensure that logging of replication commands is configured
local function judge(value, row)
  local vars = { value = shown_value(value) }
  if row.parsed.on then
    return verdict("Success", fill(locale_msg("log_replication_commands.ok"), vars),
      fill(locale_msg("log_replication_commands.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_replication_commands.bad"), vars),
    fill(locale_msg("log_replication_commands.bad_full"), vars), fill(locale_msg("log_replication_commands.rec"), vars))
end

function validate_result()
  return judge_fact_setting("log_replication_commands", judge, { log_output = true })
end
