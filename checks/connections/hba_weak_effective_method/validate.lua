-- Warning when the deciding pg_hba.conf line of some login role, database and address class
-- uses a method weaker than scram-sha-256 (query.sql: one row per line, class and verifier kind);
-- Warning/Error when the file is not in force.
function validate_result()
  local first = first_row()
  if type(sql_results) ~= "table" or first == nil or first.error_lines == nil then
    return could_not_verify("pg_hba_file_rules, pg_authid")
  end
  -- one row per deciding line, class and verifier kind (query.sql); the sentence names the
  -- first 40 rows, every one stays in the evidence
  local items, rest = {}, 0
  local roles = whole(first.weak_roles) or 0
  for _, row in ipairs(sql_results) do
    if row.rolname ~= nil then
      if #items < 40 then
        items[#items + 1] = fill(locale_msg("hba_weak_effective_method.item"), {
          role = row.rolnames or row.rolname, class = locale_msg("hba_weak_effective_method.class_" .. tostring(row.addr_class)),
          method = row.auth_method or "", line = row.line or "" })
      else
        rest = rest + 1
      end
    end
  end
  if rest > 0 then items[#items + 1] = fill(locale_msg("hba_weak_effective_method.more"), { count = rest }) end
  local result
  if #items > 0 then
    local vars = { list = table.concat(items, "; "), roles = roles }
    result = verdict("Warning", fill(locale_msg("hba_weak_effective_method.bad"), vars),
      fill(locale_msg("hba_weak_effective_method.bad_full"), vars), locale_msg("hba_weak_effective_method.rec"))
  else
    result = verdict("Success", locale_msg("hba_weak_effective_method.ok"),
      locale_msg("hba_weak_effective_method.ok_full"), locale_msg("common.no_action"))
  end
  return hba_not_in_force(first, result) or result
end
