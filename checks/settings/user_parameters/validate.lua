-- Manual review: never a pass on its own, but quiet when nothing is changed.
function validate_result()
  local row = first_row()
  if row == nil or row.changed == nil then
    return could_not_verify("pg_settings, pg_db_role_setting")
  end
  local vars = { changed = row.changed_list or "-", overrides = row.override_list or "-" }
  if row.changed == 0 and row.overrides == 0 then
    return verdict("Success", locale_msg("user_parameters.ok"), locale_msg("user_parameters.ok_full"), locale_msg("common.no_action"))
  end
  return verdict("Info", locale_msg("user_parameters.review"),
    fill(locale_msg("user_parameters.review_full"), vars), locale_msg("user_parameters.rec"))
end
