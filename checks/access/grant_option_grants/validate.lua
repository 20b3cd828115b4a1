-- A grantee WITH GRANT OPTION can pass the privilege on, outside the owner's control.
function validate_result()
  local row = first_row()
  if row == nil or row.count == nil then
    return could_not_verify("pg_class, pg_namespace")
  end
  local vars = { count = row.count, list = row.list or "", database = row.database }
  if row.count > 0 then
    return verdict("Warning", fill(locale_msg("grant_option_grants.bad"), vars),
      fill(locale_msg("grant_option_grants.bad_full"), vars), fill(locale_msg("grant_option_grants.rec"), vars))
  end
  return verdict("Success", fill(locale_msg("grant_option_grants.ok"), vars),
    fill(locale_msg("grant_option_grants.ok_full"), vars), locale_msg("common.no_action"))
end
