-- Ensure that log_truncate_on_rotation is enabled
local function judge(value, row)
  local vars = { value = shown_value(value) }
  if row.parsed.on then
    return verdict("Success", fill(locale_msg("log_truncate_on_rotation.ok"), vars),
      fill(locale_msg("log_truncate_on_rotation.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_truncate_on_rotation.bad"), vars),
    fill(locale_msg("log_truncate_on_rotation.bad_full"), vars), fill(locale_msg("log_truncate_on_rotation.rec"), vars))
end

function validate_result()
  return judge_fact_setting("log_truncate_on_rotation", judge)
end
