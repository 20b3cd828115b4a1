-- Ensure that the program name for PostgreSQL syslog messages is correct
function validate_result()
  local row = first_row()
  if row == nil or row.syslog_ident == nil or row.log_destination == nil then
    return could_not_verify("pg_settings: syslog_ident, log_destination")
  end
  local vars = { syslog_ident = row.syslog_ident, log_destination = row.log_destination }
  if not list_has(list_items(row.log_destination), "syslog") then
    return verdict("Info", fill(locale_msg("syslog_ident.na"), vars),
      fill(locale_msg("syslog_ident.na_full"), vars), locale_msg("common.no_action"))
  end
  if row.syslog_ident ~= "" then
    return verdict("Success", fill(locale_msg("syslog_ident.ok"), vars),
      fill(locale_msg("syslog_ident.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("syslog_ident.bad"), vars),
    fill(locale_msg("syslog_ident.bad_full"), vars), fill(locale_msg("syslog_ident.rec"), vars))
end
