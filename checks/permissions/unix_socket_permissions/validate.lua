-- Default 0777 lets every local account reach the socket; 0770 with a dedicated group (or 0700) limits it.
function validate_result()
  local row = first_row()
  if row == nil or row.mode == nil or row.socket_group == nil then
    return could_not_verify("pg_settings: unix_socket_permissions, unix_socket_group")
  end
  local vars = { mode = row.mode, socket_group = row.socket_group, directories = row.directories }
  local mode = tonumber(row.mode, 8) or 511
  if vars.socket_group == "" then vars.socket_group = "-" end
  if (mode & 7) == 0 then
    return verdict("Success", fill(locale_msg("unix_socket_permissions.ok"), vars),
      fill(locale_msg("unix_socket_permissions.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("unix_socket_permissions.bad"), vars),
    fill(locale_msg("unix_socket_permissions.bad_full"), vars), fill(locale_msg("unix_socket_permissions.rec"), vars))
end
