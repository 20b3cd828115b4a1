-- Ensure that logging of replication commands is configured
function validate_result()
  local row = first_row()
  if row == nil or row.value == nil then
    return could_not_verify("pg_settings: log_replication_commands")
  end
  local vars = { value = row.value }
  if setting_on(row.value) then
    return verdict("Success", fill(locale_msg("log_replication_commands.ok"), vars),
      fill(locale_msg("log_replication_commands.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_replication_commands.bad"), vars),
    fill(locale_msg("log_replication_commands.bad_full"), vars), fill(locale_msg("log_replication_commands.rec"), vars))
end
