-- Ensure that syslog messages are not lost due to size limits
function validate_result()
  local row = first_row()
  if row == nil or row.value == nil or row.log_destination == nil then
    return could_not_verify("pg_settings: syslog_split_messages, log_destination")
  end
  local vars = { value = row.value, log_destination = row.log_destination }
  if not list_has(list_items(row.log_destination), "syslog") then
    return verdict("Info", fill(locale_msg("syslog_split_messages.na"), vars),
      fill(locale_msg("syslog_split_messages.na_full"), vars), locale_msg("common.no_action"))
  end
  if setting_on(row.value) then
    return verdict("Success", fill(locale_msg("syslog_split_messages.ok"), vars),
      fill(locale_msg("syslog_split_messages.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("syslog_split_messages.bad"), vars),
    fill(locale_msg("syslog_split_messages.bad_full"), vars), fill(locale_msg("syslog_split_messages.rec"), vars))
end
