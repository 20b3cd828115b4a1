-- The collector is required for stderr/csvlog/jsonlog files; syslog-only setups do not need it.
-- Read for the running server and after the pending reload/restart.
local function judge(rows)
  local dest = rows.log_destination.parsed.destinations or {}
  local vars = { logging_collector = shown_value(rows.logging_collector.value), log_destination = shown_value(rows.log_destination.value) }
  local needs_collector = list_has(dest, "stderr") or list_has(dest, "csvlog") or list_has(dest, "jsonlog")
  if rows.logging_collector.parsed.on == true or not needs_collector then
    return verdict("Success", fill(locale_msg("logging_collector.ok"), vars),
      fill(locale_msg("logging_collector.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("logging_collector.bad"), vars),
    fill(locale_msg("logging_collector.bad_full"), vars), fill(locale_msg("logging_collector.rec"), vars))
end

function validate_result()
  return judge_fact_settings({ "logging_collector", "log_destination" }, judge)
end
