-- Network lines that allow every role into every database (local lines are left to unix_socket_login).
function validate_result()
  local row = first_row()
  if row == nil or row.count == nil then
    return could_not_verify("pg_hba_file_rules")
  end
  local vars = { count = row.count, list = row.list or "" }
  if row.count > 0 then
    return verdict("Warning", fill(locale_msg("specific_databases_users.bad"), vars),
      fill(locale_msg("specific_databases_users.bad_full"), vars), fill(locale_msg("specific_databases_users.rec"), vars))
  end
  return verdict("Success", fill(locale_msg("specific_databases_users.ok"), vars),
    fill(locale_msg("specific_databases_users.ok_full"), vars), locale_msg("common.no_action"))
end
