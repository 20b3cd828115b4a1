-- Ensure that data checksums are enabled in the cluster (requires initdb with --data-checksums)
function validate_result()
  local row = first_row()
  if row == nil or row.value == nil then
    return could_not_verify("pg_settings: data_checksums")
  end
  local vars = { value = row.value }
  if setting_on(row.value) then
    return verdict("Success", fill(locale_msg("checksums_enabled.ok"), vars),
      fill(locale_msg("checksums_enabled.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("checksums_enabled.bad"), vars),
    fill(locale_msg("checksums_enabled.bad_full"), vars), fill(locale_msg("checksums_enabled.rec"), vars))
end
