-- Logs must land somewhere durable: a file written by the collector, or syslog. Read as the
-- server reads log_destination (row.parsed.destinations: items case-insensitive, an empty
-- value writes nothing), for the running server and after the pending reload/restart.
local function judge(rows)
  local dest = rows.log_destination.parsed.destinations or {}
  local collector = rows.logging_collector.parsed.on == true
  local vars = { log_destination = shown_value(rows.log_destination.value), logging_collector = shown_value(rows.logging_collector.value) }
  if list_has(dest, "syslog") or (collector and #dest > 0) then
    return verdict("Success", fill(locale_msg("log_destination.ok"), vars),
      fill(locale_msg("log_destination.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_destination.bad"), vars),
    fill(locale_msg("log_destination.bad_full"), vars), fill(locale_msg("log_destination.rec"), vars))
end

function validate_result()
  return judge_fact_settings({ "log_destination", "logging_collector" }, judge)
end
