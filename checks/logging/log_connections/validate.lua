-- The query returns no row when the setting is hidden, and lists what is not logged.
function validate_result()
  local row = first_row()
  if row == nil or row.log_connections == nil then
    return could_not_verify("pg_settings: log_connections")
  end
  local vars = { value = row.log_connections, missing = row.missing or "" }
  if vars.value == "" then vars.value = "''" end
  if row.missing == nil then
    return verdict("Success", fill(locale_msg("log_connections.ok"), vars),
      locale_msg("log_connections.ok_full"), locale_msg("common.no_action"))
  end
  -- on PostgreSQL 18 a partial list still logs something; an empty one logs nothing
  if row.list_syntax and row.missing ~= "authentication,authorization,receipt" then
    return verdict("Warning", fill(locale_msg("log_connections.partial"), vars),
      fill(locale_msg("log_connections.partial_full"), vars), locale_msg("log_connections.rec_18"))
  end
  local recommendation = locale_msg("log_connections.rec")
  if row.list_syntax then recommendation = locale_msg("log_connections.rec_18") end
  return verdict("Warning", fill(locale_msg("log_connections.off"), vars),
    locale_msg("log_connections.off_full"), recommendation)
end
