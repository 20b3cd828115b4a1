-- passwordcheck (or credcheck) rejects weak passwords set with CREATE/ALTER ROLE ... PASSWORD.
function validate_result()
  local row = first_row()
  if row == nil or row.preload == nil then
    return could_not_verify("pg_settings: shared_preload_libraries")
  end
  local vars = { preload = row.preload }
  local libs = list_items(row.preload)
  if row.preload == "" then vars.preload = "''" end
  if list_has(libs, "passwordcheck") or list_has(libs, "credcheck") then
    return verdict("Success", fill(locale_msg("password_complexity.ok"), vars),
      fill(locale_msg("password_complexity.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("password_complexity.bad"), vars),
    fill(locale_msg("password_complexity.bad_full"), vars), fill(locale_msg("password_complexity.rec"), vars))
end
