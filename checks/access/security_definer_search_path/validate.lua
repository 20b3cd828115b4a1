-- Without SET search_path, a caller can put look-alike objects earlier in the path and run
-- code with the owner's rights; a pinned path through a PUBLIC-writable schema, or one that
-- leaves pg_temp out or not last, is no better; a SECURITY DEFINER function planted in
-- pg_catalog by another owner and executable by PUBLIC is a backdoor.
function validate_result()
  local row = first_row()
  if row == nil or row.count == nil or row.writable_count == nil or row.temp_count == nil then
    return could_not_verify("pg_proc")
  end
  local vars = { count = row.count, list = row.list or "", database = row.database,
                 writable_count = row.writable_count, writable_list = row.writable_list or "",
                 temp_count = row.temp_count, temp_list = row.temp_list or "",
                 planted_count = row.planted_count, planted_list = row.planted_list or "" }
  local found = {}
  if row.planted_count > 0 then found[#found + 1] = "planted" end
  if row.count > 0 then found[#found + 1] = "bad" end
  if row.writable_count > 0 then found[#found + 1] = "writable" end
  if row.temp_count > 0 then found[#found + 1] = "temp" end
  if #found == 0 then
    return verdict("Success", fill(locale_msg("security_definer_search_path.ok"), vars),
      fill(locale_msg("security_definer_search_path.ok_full"), vars), locale_msg("common.no_action"))
  end
  local shorts, fulls = {}, {}
  for _, key in ipairs(found) do
    shorts[#shorts + 1] = fill(locale_msg("security_definer_search_path." .. key), vars)
    fulls[#fulls + 1] = fill(locale_msg("security_definer_search_path." .. key .. "_full"), vars)
  end
  local status = "Warning"
  if row.planted_count > 0 then status = "Error" end
  return verdict(status, table.concat(shorts, " "), table.concat(fulls, ""),
    fill(locale_msg("security_definer_search_path.rec"), vars))
end
