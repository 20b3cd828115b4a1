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
  if row.allowing_lines > 0 then
    return verdict("Error", locale_msg("remote_superuser.bad"),
      fill(locale_msg("remote_superuser.bad_full"), vars), locale_msg("remote_superuser.rec"))
  end
  return verdict("Success", locale_msg("remote_superuser.ok"),
    fill(locale_msg("remote_superuser.ok_full"), vars), locale_msg("common.no_action"))
end
