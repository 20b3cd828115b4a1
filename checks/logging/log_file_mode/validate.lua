-- Logs can contain statements and data: 0600 (owner only) or at most 0640 for a log-reader group.
function validate_result()
  local row = first_row()
  if row == nil or row.log_file_mode == nil then
    return could_not_verify("pg_settings: log_file_mode")
  end
  local vars = { log_file_mode = row.log_file_mode }
  local mode = tonumber(row.log_file_mode, 8) or 511
  if (mode & 7) == 0 and (mode & 16) == 0 then
    return verdict("Success", fill(locale_msg("log_file_mode.ok"), vars),
      fill(locale_msg("log_file_mode.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_file_mode.bad"), vars),
    fill(locale_msg("log_file_mode.bad_full"), vars), fill(locale_msg("log_file_mode.rec"), vars))
end
