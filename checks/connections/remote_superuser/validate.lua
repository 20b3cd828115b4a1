-- Error when the first matching pg_hba.conf line for a remote address admits a
-- superuser-equivalent login role (query.sql); Warning when the file is not in force.
function validate_result()
  local row = first_row()
  if row == nil or row.allowing_lines == nil or row.listen_addresses == nil then
    return could_not_verify("pg_hba_file_rules, pg_settings: listen_addresses")
  end
  local vars = { list = row.list or "", listen = row.listen_addresses }
  if row.listen_addresses == "" then
    return verdict("Success", locale_msg("remote_superuser.no_tcp"),
      locale_msg("remote_superuser.no_tcp_full"), locale_msg("common.no_action"))
  end
  local result
  if row.allowing_lines > 0 then
    result = verdict("Error", locale_msg("remote_superuser.bad"),
      fill(locale_msg("remote_superuser.bad_full"), vars), locale_msg("remote_superuser.rec"))
  else
    result = verdict("Success", locale_msg("remote_superuser.ok"),
      fill(locale_msg("remote_superuser.ok_full"), vars), locale_msg("common.no_action"))
  end
  return hba_not_in_force(row, result) or result
end
