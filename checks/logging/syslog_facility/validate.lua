-- Any LOCALn facility is valid; whether it matches the syslog routing can only be reviewed by hand.
function validate_result()
  local row = first_row()
  if row == nil or row.syslog_facility == nil or row.log_destination == nil then
    return could_not_verify("pg_settings: syslog_facility, log_destination")
  end
  local vars = { syslog_facility = row.syslog_facility, log_destination = row.log_destination }
  if not list_has(list_items(row.log_destination), "syslog") then
    return verdict("Info", fill(locale_msg("syslog_facility.na"), vars),
      fill(locale_msg("syslog_facility.na_full"), vars), locale_msg("common.no_action"))
  end
  if false then
    return verdict("Success", fill(locale_msg("syslog_facility.ok"), vars),
      fill(locale_msg("syslog_facility.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Info", fill(locale_msg("syslog_facility.bad"), vars),
    fill(locale_msg("syslog_facility.bad_full"), vars), fill(locale_msg("syslog_facility.rec"), vars))
end
