-- Admin attributes or superuser membership (see query.sql).
function validate_result()
  local row = first_row()
  if row == nil or row.count == nil then
    return could_not_verify("pg_roles")
  end
  local vars = { count = row.count, list = row.list or "" }
  if row.count > 0 then
    return verdict("Warning", fill(locale_msg("excessive_admin_privileges.bad"), vars),
      fill(locale_msg("excessive_admin_privileges.bad_full"), vars), fill(locale_msg("excessive_admin_privileges.rec"), vars))
  end
  return verdict("Success", fill(locale_msg("excessive_admin_privileges.ok"), vars),
    fill(locale_msg("excessive_admin_privileges.ok_full"), vars), locale_msg("common.no_action"))
end
