-- Review login roles whose password never expires (rolvaliduntil)
function validate_result()
  local row = first_row()
  if row == nil or row.count == nil then
    return could_not_verify("pg_roles")
  end
  local vars = { count = row.count, list = row.list or "" }
  if row.count > 0 then
    return verdict("Info", fill(locale_msg("login_roles_no_expiry.bad"), vars),
      fill(locale_msg("login_roles_no_expiry.bad_full"), vars), fill(locale_msg("login_roles_no_expiry.rec"), vars))
  end
  return verdict("Success", fill(locale_msg("login_roles_no_expiry.ok"), vars),
    fill(locale_msg("login_roles_no_expiry.ok_full"), vars), locale_msg("common.no_action"))
end
