-- Without SET search_path, a caller can put look-alike objects earlier in the path and run
-- code with the owner's rights; a pinned path through a PUBLIC-writable schema is no better.
function validate_result()
  local row = first_row()
  if row == nil or row.count == nil or row.writable_count == nil then
    return could_not_verify("pg_proc")
  end
  local vars = { count = row.count, list = row.list or "", database = row.database,
                 writable_count = row.writable_count, writable_list = row.writable_list or "" }
  if row.count > 0 then
    return verdict("Warning", fill(locale_msg("security_definer_search_path.bad"), vars),
      fill(locale_msg("security_definer_search_path.bad_full"), vars), fill(locale_msg("security_definer_search_path.rec"), vars))
  end
  if row.writable_count > 0 then
    return verdict("Warning", fill(locale_msg("security_definer_search_path.writable"), vars),
      fill(locale_msg("security_definer_search_path.writable_full"), vars), fill(locale_msg("security_definer_search_path.rec"), vars))
  end
  return verdict("Success", fill(locale_msg("security_definer_search_path.ok"), vars),
    fill(locale_msg("security_definer_search_path.ok_full"), vars), locale_msg("common.no_action"))
end
