-- The collector is required for stderr/csvlog/jsonlog files; syslog/eventlog-only setups do not need it.
function validate_result()
  local row = first_row()
  if row == nil or row.logging_collector == nil or row.log_destination == nil then
    return could_not_verify("pg_settings: logging_collector, log_destination")
  end
  local vars = { logging_collector = row.logging_collector, log_destination = row.log_destination }
  local dest = list_items(row.log_destination)
  local needs_collector = list_has(dest, "stderr") or list_has(dest, "csvlog") or list_has(dest, "jsonlog")
  if setting_on(row.logging_collector) or not needs_collector then
    return verdict("Success", fill(locale_msg("logging_collector.ok"), vars),
      fill(locale_msg("logging_collector.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("logging_collector.bad"), vars),
    fill(locale_msg("logging_collector.bad_full"), vars), fill(locale_msg("logging_collector.rec"), vars))
end
