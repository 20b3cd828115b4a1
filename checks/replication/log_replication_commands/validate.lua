-- Ensure that logging of replication commands is configured
local function judge(value)
  local vars = { value = value }
  if setting_on(value) then
    return verdict("Success", fill(locale_msg("log_replication_commands.ok"), vars),
      fill(locale_msg("log_replication_commands.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_replication_commands.bad"), vars),
    fill(locale_msg("log_replication_commands.bad_full"), vars), fill(locale_msg("log_replication_commands.rec"), vars))
end

function validate_result()
  return judge_setting("log_replication_commands", judge)
end
