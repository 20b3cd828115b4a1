-- Error when a trust or password line is the first match for a client of another host
-- (query.sql: one row per line and address class); Warning/Error when the file is not in force.
function validate_result()
  local first = first_row()
  if type(sql_results) ~= "table" or first == nil or first.error_lines == nil then
    return could_not_verify("pg_hba_file_rules")
  end
  local items = {}
  for _, row in ipairs(sql_results) do
    if row.line ~= nil then
      items[#items + 1] = fill(locale_msg("hba_remote_trust.item"), {
        line = row.line, class = locale_msg("hba_remote_trust.class_" .. tostring(row.addr_class)),
        role = row.example_role or "", roles = whole(row.roles) or 0, address = row.example_address or "" })
    end
  end
  local result
  if #items > 0 then
    local vars = { list = table.concat(items, "; "), listen = first.listen_addresses or "" }
    result = verdict("Error", locale_msg("hba_remote_trust.bad"),
      fill(locale_msg("hba_remote_trust.bad_full"), vars), locale_msg("hba_remote_trust.rec"))
  else
    result = verdict("Success", locale_msg("hba_remote_trust.ok"),
      locale_msg("hba_remote_trust.ok_full"), locale_msg("common.no_action"))
  end
  return hba_not_in_force(first, result) or result
end
