function validate_result()
  local row = first_row()
  if row == nil or row.used_roles == nil then
    return could_not_verify("pg_auth_members")
  end
  local vars = { memberships = row.memberships, powerful = row.powerful }
  if row.powerful ~= "" then
    return verdict("Warning", locale_msg("predefined_roles.powerful"),
      fill(locale_msg("predefined_roles.powerful_full"), vars), locale_msg("predefined_roles.powerful_rec"))
  end
  if row.used_roles > 0 then
    return verdict("Info", locale_msg("predefined_roles.review"),
      fill(locale_msg("predefined_roles.review_full"), vars), locale_msg("predefined_roles.rec"))
  end
  return verdict("Info", locale_msg("predefined_roles.unused"),
    locale_msg("predefined_roles.unused_full"), locale_msg("predefined_roles.rec"))
end
