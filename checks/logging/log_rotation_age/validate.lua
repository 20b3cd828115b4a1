-- log_rotation_age is in minutes (row.parsed.number, units converted as the server does);
-- 0 disables time-based rotation.
local function judge(rows)
  local vars = { log_rotation_age = rows.log_rotation_age.parsed.number, log_rotation_size = rows.log_rotation_size.parsed.number }
  if (rows.log_rotation_age.parsed.number or 0) > 0 then
    return verdict("Success", fill(locale_msg("log_rotation_age.ok"), vars),
      fill(locale_msg("log_rotation_age.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_rotation_age.bad"), vars),
    fill(locale_msg("log_rotation_age.bad_full"), vars), fill(locale_msg("log_rotation_age.rec"), vars))
end

function validate_result()
  return judge_fact_settings({ "log_rotation_age", "log_rotation_size" }, judge)
end
