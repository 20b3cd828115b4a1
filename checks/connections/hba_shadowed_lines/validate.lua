-- Warning when some pg_hba.conf line can never be the first match (query.sql: one row per line,
-- kind shadowed or dead_after_reject); Warning/Error when the file is not in force.
function validate_result()
  if type(sql_results) ~= "table" or first_row() == nil or first_row().error_lines == nil then
    return could_not_verify("pg_hba_file_rules")
  end
  local shadowed, dead = {}, {}
  for _, row in ipairs(sql_results) do
    if row.kind ~= nil then
      local item = fill(locale_msg("hba_shadowed_lines.item"),
        { line = row.line or "", by = row.by_line or "" })
      if row.kind == "dead_after_reject" then dead[#dead + 1] = item else shadowed[#shadowed + 1] = item end
    end
  end
  local result
  if #shadowed + #dead > 0 then
    local vars = { count = #shadowed + #dead,
                   shadowed = #shadowed > 0 and table.concat(shadowed, "; ") or locale_msg("hba_shadowed_lines.none"),
                   dead = #dead > 0 and table.concat(dead, "; ") or locale_msg("hba_shadowed_lines.none") }
    result = verdict("Warning", fill(locale_msg("hba_shadowed_lines.bad"), vars),
      fill(locale_msg("hba_shadowed_lines.bad_full"), vars), locale_msg("hba_shadowed_lines.rec"))
  else
    result = verdict("Success", locale_msg("hba_shadowed_lines.ok"),
      locale_msg("hba_shadowed_lines.ok_full"), locale_msg("common.no_action"))
  end
  return hba_not_in_force(first_row(), result) or result
end
