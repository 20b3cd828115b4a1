function validate_result()
  local row = first_row()
  if row == nil or row.preload == nil then
    return could_not_verify("pg_settings: shared_preload_libraries")
  end
  local vars = { preload = row.preload, audit_log = row.audit_log or "none", database = row.database,
                 version = row.ext_version or "" }
  if vars.preload == "" then vars.preload = "''" end
  if not list_has(list_items(row.preload), "pgaudit") then
    return verdict("Warning", locale_msg("pgaudit_enabled.not_loaded"),
      fill(locale_msg("pgaudit_enabled.not_loaded_full"), vars), locale_msg("pgaudit_enabled.rec"))
  end
  if row.ext_version == nil then
    return verdict("Warning", fill(locale_msg("pgaudit_enabled.no_extension"), vars),
      fill(locale_msg("pgaudit_enabled.no_extension_full"), vars), locale_msg("pgaudit_enabled.rec"))
  end
  if row.audit_log == nil or string.lower(row.audit_log) == "none" or row.audit_log == "" then
    return verdict("Warning", locale_msg("pgaudit_enabled.no_classes"),
      locale_msg("pgaudit_enabled.no_classes_full"), locale_msg("pgaudit_enabled.classes_rec"))
  end
  return verdict("Success", fill(locale_msg("pgaudit_enabled.ok"), vars),
    fill(locale_msg("pgaudit_enabled.ok_full"), vars), locale_msg("common.no_action"))
end
