-- scram-sha-256 is the only strong choice; md5 (and "on" before PostgreSQL 14) is weak.
function validate_result()
  local row = first_row()
  if row == nil or row.password_encryption == nil then
    return could_not_verify("pg_settings: password_encryption")
  end
  local value = string.lower(row.password_encryption)
  local vars = { value = row.password_encryption }
  if value == "scram-sha-256" then
    return verdict("Success", fill(locale_msg("password_encryption.ok"), vars),
      locale_msg("password_encryption.ok_full"), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("password_encryption.weak"), vars),
    fill(locale_msg("password_encryption.weak_full"), vars), locale_msg("password_encryption.weak_rec"))
end
