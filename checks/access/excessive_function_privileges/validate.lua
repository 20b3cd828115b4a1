function validate_result()
  local row = first_row()
  if row == nil or row.secdef == nil then
    return could_not_verify("pg_proc")
  end
  local vars = { count = row.secdef, functions = row.functions or "", database = row.database }
  if row.dangerous > 0 then
    return verdict("Warning", fill(locale_msg("excessive_function_privileges.bad"), vars),
      fill(locale_msg("excessive_function_privileges.list_full"), vars), locale_msg("excessive_function_privileges.rec"))
  end
  if row.secdef > 0 then
    return verdict("Info", fill(locale_msg("excessive_function_privileges.review"), vars),
      fill(locale_msg("excessive_function_privileges.list_full"), vars), locale_msg("excessive_function_privileges.rec"))
  end
  return verdict("Success", fill(locale_msg("excessive_function_privileges.ok"), vars),
    locale_msg("excessive_function_privileges.ok_full"), locale_msg("common.no_action"))
end
