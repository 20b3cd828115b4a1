-- Without SET search_path, a caller can put look-alike objects earlier in the path and run code with the owner's rights.
function validate_result()
  local row = first_row()
  if row == nil or row.count == nil then
    return could_not_verify("pg_proc")
  end
  local vars = { count = row.count, list = row.list or "", database = row.database }
  if row.count > 0 then
    return verdict("Warning", fill(locale_msg("security_definer_search_path.bad"), vars),
      fill(locale_msg("security_definer_search_path.bad_full"), vars), fill(locale_msg("security_definer_search_path.rec"), vars))
  end
  return verdict("Success", fill(locale_msg("security_definer_search_path.ok"), vars),
    fill(locale_msg("security_definer_search_path.ok_full"), vars), locale_msg("common.no_action"))
end
