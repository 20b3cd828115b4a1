-- Informational: who can do anything in this cluster.
function validate_result()
  local row = first_row()
  if row == nil or row.superusers == nil then
    return could_not_verify("pg_roles")
  end
  local vars = { count = row.superusers, logins = row.login_superusers, names = row.names or "" }
  return verdict("Info", fill(locale_msg("superuser_roles.list"), vars),
    fill(locale_msg("superuser_roles.list_full"), vars), locale_msg("superuser_roles.rec"))
end
