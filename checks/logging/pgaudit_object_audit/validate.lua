function validate_result()
  local row = first_row()
  if row == nil or row.preload == nil then
    return could_not_verify("pg_settings: shared_preload_libraries")
  end
  local vars = { role = row.audit_role or "", tables = row.table_grants, columns = row.column_grants,
                 database = row.database }
  if row.loaded ~= true then
    return verdict("Warning", locale_msg("pgaudit_object_audit.not_loaded"),
      locale_msg("pgaudit_object_audit.not_loaded_full"), locale_msg("pgaudit_object_audit.rec"))
  end
  if row.audit_role == nil or row.audit_role == "" then
    return verdict("Warning", locale_msg("pgaudit_object_audit.no_role"),
      locale_msg("pgaudit_object_audit.no_role_full"), locale_msg("pgaudit_object_audit.rec"))
  end
  if not row.role_exists then
    return verdict("Warning", fill(locale_msg("pgaudit_object_audit.missing_role"), vars),
      fill(locale_msg("pgaudit_object_audit.missing_role_full"), vars), fill(locale_msg("pgaudit_object_audit.rec"), vars))
  end
  if row.table_grants + row.column_grants == 0 then
    return verdict("Warning", fill(locale_msg("pgaudit_object_audit.no_grants"), vars),
      fill(locale_msg("pgaudit_object_audit.no_grants_full"), vars), fill(locale_msg("pgaudit_object_audit.grants_rec"), vars))
  end
  return verdict("Success", fill(locale_msg("pgaudit_object_audit.ok"), vars),
    fill(locale_msg("pgaudit_object_audit.ok_full"), vars), locale_msg("common.no_action"))
end
