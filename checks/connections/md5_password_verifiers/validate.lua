-- MD5 hashes are login-equivalent for md5 auth and deprecated since PostgreSQL 18. Needs superuser (query fails otherwise).
function validate_result()
  local row = first_row()
  if row == nil or row.count == nil then
    return could_not_verify("pg_authid")
  end
  local vars = { count = row.count, list = row.list or "" }
  if row.count > 0 then
    return verdict("Warning", fill(locale_msg("md5_password_verifiers.bad"), vars),
      fill(locale_msg("md5_password_verifiers.bad_full"), vars), fill(locale_msg("md5_password_verifiers.rec"), vars))
  end
  return verdict("Success", fill(locale_msg("md5_password_verifiers.ok"), vars),
    fill(locale_msg("md5_password_verifiers.ok_full"), vars), locale_msg("common.no_action"))
end
