-- Any "local ... trust" line lets every operating-system user log in as the listed roles.
function validate_result()
  local row = first_row()
  if row == nil or row.local_lines == nil then
    return could_not_verify("pg_hba_file_rules")
  end
  local vars = { lines = row.trust_lines or "", count = row.trust_count, errors = row.error_lines }
  if row.trust_count > 0 then
    return verdict("Error", fill(locale_msg("unix_socket_login.trust"), vars),
      fill(locale_msg("unix_socket_login.trust_full"), vars), locale_msg("unix_socket_login.trust_rec"))
  end
  if row.error_lines > 0 then
    return verdict("Warning", fill(locale_msg("unix_socket_login.errors"), vars),
      locale_msg("unix_socket_login.errors_full"), locale_msg("unix_socket_login.errors_rec"))
  end
  return verdict("Success", locale_msg("unix_socket_login.ok"),
    locale_msg("unix_socket_login.ok_full"), locale_msg("common.no_action"))
end
