-- Ensure that the program name for PostgreSQL syslog messages is correct
local function judge(rows)
  local vars = { syslog_ident = shown_value(rows.syslog_ident.value), log_destination = shown_value(rows.log_destination.value) }
  if not list_has(rows.log_destination.parsed.destinations or {}, "syslog") then
    return verdict("Info", fill(locale_msg("syslog_ident.na"), vars),
      fill(locale_msg("syslog_ident.na_full"), vars), locale_msg("common.no_action"))
  end
  if rows.syslog_ident.value ~= "" then
    return verdict("Success", fill(locale_msg("syslog_ident.ok"), vars),
      fill(locale_msg("syslog_ident.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("syslog_ident.bad"), vars),
    fill(locale_msg("syslog_ident.bad_full"), vars), fill(locale_msg("syslog_ident.rec"), vars))
end

function validate_result()
  return judge_fact_settings({ "syslog_ident", "log_destination" }, judge)
end
