function validate_result()
  local row = first_row()
  if row == nil or row.available == nil then
    return could_not_verify("pg_extension")
  end
  local vars = { version = row.ext_version or "", database = row.database }
  if row.ext_version ~= nil then
    return verdict("Success", fill(locale_msg("crypto_extension.ok"), vars), locale_msg("crypto_extension.ok_full"), locale_msg("common.no_action"))
  end
  if row.available then
    return verdict("Warning", fill(locale_msg("crypto_extension.not_created"), vars), locale_msg("crypto_extension.missing_full"), locale_msg("crypto_extension.rec"))
  end
  return verdict("Warning", locale_msg("crypto_extension.missing"), locale_msg("crypto_extension.missing_full"), locale_msg("crypto_extension.install_rec"))
end
