-- Default 0777 lets every local account reach the socket; 0770 with a dedicated group (or 0700) limits it.
local function judge(rows)
  local mode = math.tointeger(rows.unix_socket_permissions.parsed.number) or 511
  local group = rows.unix_socket_group.value
  local vars = { mode = string.format("%04o", mode), socket_group = group, directories = table.concat(rows.unix_socket_directories.parsed.items or {}, ", ") }
  if group == "" then vars.socket_group = "-" end
  if (mode & 7) == 0 then
    return verdict("Success", fill(locale_msg("unix_socket_permissions.ok"), vars),
      fill(locale_msg("unix_socket_permissions.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("unix_socket_permissions.bad"), vars),
    fill(locale_msg("unix_socket_permissions.bad_full"), vars), fill(locale_msg("unix_socket_permissions.rec"), vars))
end

function validate_result()
  return judge_fact_settings({ "unix_socket_permissions", "unix_socket_group", "unix_socket_directories" }, judge)
end
