-- Error for local trust or a map that lets any OS account in as a superuser (query*.sql);
-- before 15 maps in use cannot be read: Warning to review them; then the file-in-force check.
function validate_result()
  local row = first_row()
  if row == nil or row.local_lines == nil then
    return could_not_verify("pg_hba_file_rules")
  end
  local vars = { lines = row.trust_lines or "", count = row.trust_count, errors = row.error_lines,
                 risky = row.risky_maps or "", maps = row.maps or "" }
  local result
  if row.trust_count > 0 then
    result = verdict("Error", fill(locale_msg("unix_socket_login.trust"), vars),
      fill(locale_msg("unix_socket_login.trust_full"), vars), locale_msg("unix_socket_login.trust_rec"))
  elseif (whole(row.risky_count) or 0) > 0 then
    result = verdict("Error", locale_msg("unix_socket_login.map"),
      fill(locale_msg("unix_socket_login.map_full"), vars), locale_msg("unix_socket_login.map_rec"))
  elseif row.maps_readable ~= true and row.maps ~= nil then
    result = verdict("Warning", fill(locale_msg("unix_socket_login.maps_unread"), vars),
      locale_msg("unix_socket_login.maps_unread_full"), locale_msg("unix_socket_login.map_rec"))
  else
    result = verdict("Success", locale_msg("unix_socket_login.ok"),
      locale_msg("unix_socket_login.ok_full"), locale_msg("common.no_action"))
  end
  return hba_not_in_force(row, result) or result
end
