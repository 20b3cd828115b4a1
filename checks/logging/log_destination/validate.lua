-- Logs must land somewhere durable: a file written by the collector, syslog or the Windows event log.
function validate_result()
  local row = first_row()
  if row == nil or row.log_destination == nil or row.logging_collector == nil then
    return could_not_verify("pg_settings: log_destination, logging_collector")
  end
  local vars = { log_destination = row.log_destination, logging_collector = row.logging_collector }
  local dest = list_items(row.log_destination)
  local collector = setting_on(row.logging_collector)
  if list_has(dest, "syslog") or list_has(dest, "eventlog") or (collector and #dest > 0) then
    return verdict("Success", fill(locale_msg("log_destination.ok"), vars),
      fill(locale_msg("log_destination.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_destination.bad"), vars),
    fill(locale_msg("log_destination.bad_full"), vars), fill(locale_msg("log_destination.rec"), vars))
end
