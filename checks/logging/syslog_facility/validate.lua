-- Any LOCALn facility is valid; whether it matches the syslog routing can only be reviewed by hand.
local function judge(rows)
  local vars = { syslog_facility = shown_value(rows.syslog_facility.value), log_destination = shown_value(rows.log_destination.value) }
  if not list_has(rows.log_destination.parsed.destinations or {}, "syslog") then
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

function validate_result()
  return judge_fact_settings({ "syslog_facility", "log_destination" }, judge)
end
