function validate_result()
  local row = first_row()
  if row == nil or row.public_grants == nil then
    return could_not_verify("pg_class")
  end
  local vars = { tables = row.public_tables or "", roles = row.grantee_roles, granted = row.granted_tables,
                 database = row.database }
  if row.public_grants > 0 then
    return verdict("Warning", fill(locale_msg("excessive_dml_privileges.public"), vars),
      fill(locale_msg("excessive_dml_privileges.public_full"), vars), locale_msg("excessive_dml_privileges.rec"))
  end
  if row.grantee_roles > 0 then
    return verdict("Info", fill(locale_msg("excessive_dml_privileges.review"), vars),
      fill(locale_msg("excessive_dml_privileges.review_full"), vars), locale_msg("excessive_dml_privileges.rec"))
  end
  return verdict("Success", fill(locale_msg("excessive_dml_privileges.ok"), vars),
    locale_msg("excessive_dml_privileges.ok_full"), locale_msg("common.no_action"))
end
