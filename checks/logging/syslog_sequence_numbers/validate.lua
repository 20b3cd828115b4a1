-- Sequence numbers stop syslog from folding repeated identical messages ("last message repeated N times").
function validate_result()
  local row = first_row()
  if row == nil or row.value == nil or row.log_destination == nil then
    return could_not_verify("pg_settings: syslog_sequence_numbers, log_destination")
  end
  local vars = { value = row.value, log_destination = row.log_destination }
  if not list_has(list_items(row.log_destination), "syslog") then
    return verdict("Info", fill(locale_msg("syslog_sequence_numbers.na"), vars),
      fill(locale_msg("syslog_sequence_numbers.na_full"), vars), locale_msg("common.no_action"))
  end
  if setting_on(row.value) then
    return verdict("Success", fill(locale_msg("syslog_sequence_numbers.ok"), vars),
      fill(locale_msg("syslog_sequence_numbers.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("syslog_sequence_numbers.bad"), vars),
    fill(locale_msg("syslog_sequence_numbers.bad_full"), vars), fill(locale_msg("syslog_sequence_numbers.rec"), vars))
end
