function validate_result()
  local row = first_row()
  if row == nil or row.replication_lines == nil then
    return could_not_verify("pg_hba_file_rules")
  end
  local vars = { roles = row.dedicated_roles or "-", lines = row.broad_lines or "", count = row.replication_lines }
  if row.broad_lines ~= nil then
    return verdict("Warning", locale_msg("replication_users.broad"), fill(locale_msg("replication_users.broad_full"), vars), locale_msg("replication_users.rec"))
  end
  if row.replication_lines == 0 then
    return verdict("Info", locale_msg("replication_users.none"), fill(locale_msg("replication_users.none_full"), vars), locale_msg("replication_users.rec"))
  end
  return verdict("Success", fill(locale_msg("replication_users.ok"), vars), fill(locale_msg("replication_users.ok_full"), vars), locale_msg("common.no_action"))
end
