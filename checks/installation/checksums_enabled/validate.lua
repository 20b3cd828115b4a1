-- Ensure that data checksums are enabled in the cluster (requires initdb with --data-checksums)
local function judge(value, row)
  local vars = { value = shown_value(value) }
  if row.parsed.on then
    return verdict("Success", fill(locale_msg("checksums_enabled.ok"), vars),
      fill(locale_msg("checksums_enabled.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("checksums_enabled.bad"), vars),
    fill(locale_msg("checksums_enabled.bad_full"), vars), fill(locale_msg("checksums_enabled.rec"), vars))
end

function validate_result()
  return judge_fact_setting("data_checksums", judge)
end
