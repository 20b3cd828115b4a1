-- Logs belong outside the data directory: a relative path or a path under PGDATA keeps them with the data.
local function judge(rows)
  local dir = rows.log_directory.value
  local data = rows.data_directory.value
  local vars = { log_directory = dir, data_directory = data }
  local inside = string.sub(dir, 1, 1) ~= "/" or dir == data or string.sub(dir, 1, #data + 1) == data .. "/"
  if not inside then
    return verdict("Success", fill(locale_msg("log_directory.ok"), vars),
      fill(locale_msg("log_directory.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Info", fill(locale_msg("log_directory.bad"), vars),
    fill(locale_msg("log_directory.bad_full"), vars), fill(locale_msg("log_directory.rec"), vars))
end

function validate_result()
  return judge_fact_settings({ "log_directory", "data_directory" }, judge)
end
