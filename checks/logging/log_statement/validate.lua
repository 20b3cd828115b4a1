-- At least ddl, so schema and privilege changes are logged.
function validate_result()
  local row = first_row()
  if row == nil or row.value == nil then
    return could_not_verify("pg_settings: log_statement")
  end
  local vars = { value = row.value }
  if string.lower(row.value) ~= "none" then
    return verdict("Success", fill(locale_msg("log_statement.ok"), vars),
      fill(locale_msg("log_statement.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_statement.bad"), vars),
    fill(locale_msg("log_statement.bad_full"), vars), fill(locale_msg("log_statement.rec"), vars))
end
