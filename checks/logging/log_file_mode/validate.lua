-- Logs can contain statements and data: 0600 (owner only) or at most 0640 for a log-reader group.
-- row.parsed.number is the mode as the server read it (pg_settings shows it in octal).
local function judge(rows)
  local mode = math.tointeger(rows.log_file_mode.parsed.number) or 511
  local vars = { log_file_mode = string.format("%04o", mode) }
  if (mode & 7) == 0 and (mode & 16) == 0 then
    return verdict("Success", fill(locale_msg("log_file_mode.ok"), vars),
      fill(locale_msg("log_file_mode.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_file_mode.bad"), vars),
    fill(locale_msg("log_file_mode.bad_full"), vars), fill(locale_msg("log_file_mode.rec"), vars))
end

function validate_result()
  return judge_fact_settings({ "log_file_mode" }, judge)
end
