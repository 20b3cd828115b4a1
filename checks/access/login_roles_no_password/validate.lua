-- The bootstrap superuser usually authenticates with peer and is not counted. Reading pg_authid needs superuser; without it the query fails (Failed).
function validate_result()
  local row = first_row()
  if row == nil or row.count == nil then
    return could_not_verify("pg_authid")
  end
  local vars = { count = row.count, list = row.list or "" }
  if row.count > 0 then
    return verdict("Warning", fill(locale_msg("login_roles_no_password.bad"), vars),
      fill(locale_msg("login_roles_no_password.bad_full"), vars), fill(locale_msg("login_roles_no_password.rec"), vars))
  end
  return verdict("Success", fill(locale_msg("login_roles_no_password.ok"), vars),
    fill(locale_msg("login_roles_no_password.ok_full"), vars), locale_msg("common.no_action"))
end
