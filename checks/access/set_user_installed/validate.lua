-- set_user gives audited, controlled privilege escalation instead of logging in as superuser.
function validate_result()
  local row = first_row()
  if row == nil or row.available == nil then
    return could_not_verify("pg_extension")
  end
  local vars = { version = row.ext_version or "", database = row.database }
  if row.ext_version ~= nil then
    return verdict("Success", fill(locale_msg("set_user_installed.ok"), vars),
      locale_msg("set_user_installed.ok_full"), locale_msg("common.no_action"))
  end
  if row.available then
    return verdict("Warning", fill(locale_msg("set_user_installed.not_created"), vars),
      locale_msg("set_user_installed.missing_full"), locale_msg("set_user_installed.create_rec"))
  end
  return verdict("Warning", locale_msg("set_user_installed.missing"),
    locale_msg("set_user_installed.missing_full"), locale_msg("set_user_installed.rec"))
end
