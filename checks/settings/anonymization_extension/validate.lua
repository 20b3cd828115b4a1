-- Only needed where personal data is copied to test or analytics systems: Info, not Warning.
function validate_result()
  local row = first_row()
  if row == nil or row.database == nil then
    return could_not_verify("pg_extension")
  end
  local vars = { installed = row.installed or "", database = row.database }
  if row.installed ~= nil then
    return verdict("Success", fill(locale_msg("anonymization_extension.ok"), vars), locale_msg("anonymization_extension.ok_full"), locale_msg("common.no_action"))
  end
  return verdict("Info", fill(locale_msg("anonymization_extension.missing"), vars), locale_msg("anonymization_extension.missing_full"), locale_msg("anonymization_extension.rec"))
end
