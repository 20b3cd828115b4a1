-- Ensure that data checksums are enabled in the cluster (requires initdb with --data-checksums)
local function judge(value)
  local vars = { value = value }
  if setting_on(value) then
    return verdict("Success", fill(locale_msg("checksums_enabled.ok"), vars),
      fill(locale_msg("checksums_enabled.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("checksums_enabled.bad"), vars),
    fill(locale_msg("checksums_enabled.bad_full"), vars), fill(locale_msg("checksums_enabled.rec"), vars))
end

function validate_result()
  return judge_setting("data_checksums", judge)
end
