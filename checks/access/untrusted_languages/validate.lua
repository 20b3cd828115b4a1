-- Untrusted languages (plpython3u, plperlu, ...) let function code act as the server account.
function validate_result()
  local row = first_row()
  if row == nil or row.untrusted == nil then
    return could_not_verify("pg_language")
  end
  local vars = { untrusted = row.untrusted, trusted = row.other_trusted, database = row.database }
  if vars.trusted == "" then vars.trusted = "-" end
  if row.untrusted ~= "" then
    return verdict("Warning", fill(locale_msg("untrusted_languages.bad"), vars),
      fill(locale_msg("untrusted_languages.bad_full"), vars), locale_msg("untrusted_languages.rec"))
  end
  return verdict("Success", fill(locale_msg("untrusted_languages.ok"), vars),
    fill(locale_msg("untrusted_languages.ok_full"), vars), locale_msg("common.no_action"))
end
