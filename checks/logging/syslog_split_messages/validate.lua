-- Ensure that syslog messages are not lost due to size limits
local function judge(rows)
  local vars = { value = shown_value(rows.syslog_split_messages.value), log_destination = shown_value(rows.log_destination.value) }
  if not list_has(rows.log_destination.parsed.destinations or {}, "syslog") then
    return verdict("Info", fill(locale_msg("syslog_split_messages.na"), vars),
      fill(locale_msg("syslog_split_messages.na_full"), vars), locale_msg("common.no_action"))
  end
  if rows.syslog_split_messages.parsed.on == true then
    return verdict("Success", fill(locale_msg("syslog_split_messages.ok"), vars),
      fill(locale_msg("syslog_split_messages.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("syslog_split_messages.bad"), vars),
    fill(locale_msg("syslog_split_messages.bad_full"), vars), fill(locale_msg("syslog_split_messages.rec"), vars))
end

function validate_result()
  return judge_fact_settings({ "syslog_split_messages", "log_destination" }, judge)
end
