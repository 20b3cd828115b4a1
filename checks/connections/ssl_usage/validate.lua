-- Plaintext admitted = a first-match line for a connection without encryption (query.sql).
function validate_result()
  local row = first_row()
  if row == nil or row.ssl == nil or row.plain_lines == nil then
    return could_not_verify("pg_settings: ssl, pg_hba_file_rules")
  end
  local vars = { list = row.list or "", count = row.plain_lines }
  if not setting_on(row.ssl) then
    return verdict("Warning", locale_msg("ssl_usage.off"),
      locale_msg("ssl_usage.off_full"), locale_msg("ssl_usage.off_rec"))
  end
  local result
  if row.plain_lines > 0 then
    result = verdict("Warning", fill(locale_msg("ssl_usage.plain"), vars),
      fill(locale_msg("ssl_usage.plain_full"), vars), locale_msg("ssl_usage.plain_rec"))
  else
    result = verdict("Success", locale_msg("ssl_usage.ok"),
      locale_msg("ssl_usage.ok_full"), locale_msg("common.no_action"))
  end
  return hba_not_in_force(row, result) or result
end
