-- Sequence numbers stop syslog from folding repeated identical messages ("last message repeated N times").
local function judge(rows)
  local vars = { value = shown_value(rows.syslog_sequence_numbers.value), log_destination = shown_value(rows.log_destination.value) }
  if not list_has(rows.log_destination.parsed.destinations or {}, "syslog") then
    return verdict("Info", fill(locale_msg("syslog_sequence_numbers.na"), vars),
      fill(locale_msg("syslog_sequence_numbers.na_full"), vars), locale_msg("common.no_action"))
  end
  if rows.syslog_sequence_numbers.parsed.on == true then
    return verdict("Success", fill(locale_msg("syslog_sequence_numbers.ok"), vars),
      fill(locale_msg("syslog_sequence_numbers.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("syslog_sequence_numbers.bad"), vars),
    fill(locale_msg("syslog_sequence_numbers.bad_full"), vars), fill(locale_msg("syslog_sequence_numbers.rec"), vars))
end

function validate_result()
  return judge_fact_settings({ "syslog_sequence_numbers", "log_destination" }, judge)
end
