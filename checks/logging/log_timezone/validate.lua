-- UTC/GMT timestamps make logs from several hosts comparable; a local zone is a policy choice to review.
local function judge(value, row)
  local vars = { value = shown_value(value) }
  local tz = string.upper(value)
  if tz == "UTC" or tz == "GMT" or tz == "ETC/UTC" or tz == "ETC/GMT" or tz == "UCT" or tz == "ZULU" or tz == "ETC/UCT" then
    return verdict("Success", fill(locale_msg("log_timezone.ok"), vars),
      fill(locale_msg("log_timezone.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Info", fill(locale_msg("log_timezone.bad"), vars),
    fill(locale_msg("log_timezone.bad_full"), vars), fill(locale_msg("log_timezone.rec"), vars))
end

function validate_result()
  return judge_fact_setting("log_timezone", judge)
end
