-- Manual review: lists postmaster-context parameters changed from their defaults.
function validate_result()
  local row = first_row()
  if row == nil or row.count == nil then
    return could_not_verify("pg_settings")
  end
  local vars = { count = row.count, list = row.list or "" }
  if row.count > 0 then
    return verdict("Info", fill(locale_msg("postmaster_parameters.bad"), vars),
      fill(locale_msg("postmaster_parameters.bad_full"), vars), fill(locale_msg("postmaster_parameters.rec"), vars))
  end
  return verdict("Success", fill(locale_msg("postmaster_parameters.ok"), vars),
    fill(locale_msg("postmaster_parameters.ok_full"), vars), locale_msg("common.no_action"))
end
