-- Who can do anything in this cluster: superusers (review) and roles that can become one
-- through membership without holding the attribute (hidden superusers: a finding).
function validate_result()
  local row = first_row()
  if row == nil or row.superusers == nil or row.equivalents == nil then
    return could_not_verify("pg_roles, pg_auth_members")
  end
  local vars = { count = row.superusers, logins = row.login_superusers, names = row.names or "",
                 equivalents = row.equivalents, equivalent_names = row.equivalent_names }
  if row.equivalents > 0 then
    return verdict("Warning", fill(locale_msg("superuser_roles.hidden"), vars),
      fill(locale_msg("superuser_roles.hidden_full"), vars), locale_msg("superuser_roles.hidden_rec"))
  end
  return verdict("Info", fill(locale_msg("superuser_roles.list"), vars),
    fill(locale_msg("superuser_roles.list_full"), vars), locale_msg("superuser_roles.rec"))
end
