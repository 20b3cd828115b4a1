-- Logs belong outside the data directory: a relative path or a path under PGDATA keeps them with the data.
function validate_result()
  local row = first_row()
  if row == nil or row.log_directory == nil or row.data_directory == nil then
    return could_not_verify("pg_settings: log_directory, data_directory")
  end
  local vars = { log_directory = row.log_directory, data_directory = row.data_directory }
  local dir = row.log_directory
  local data = row.data_directory
  local inside = string.sub(dir, 1, 1) ~= "/" or dir == data or string.sub(dir, 1, #data + 1) == data .. "/"
  if not inside then
    return verdict("Success", fill(locale_msg("log_directory.ok"), vars),
      fill(locale_msg("log_directory.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Info", fill(locale_msg("log_directory.bad"), vars),
    fill(locale_msg("log_directory.bad_full"), vars), fill(locale_msg("log_directory.rec"), vars))
end
