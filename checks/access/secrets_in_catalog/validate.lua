-- Secrets in the catalog: every place where a password or key was found (masked by the
-- query: key name and length only), and every place the role could not fully read. A place
-- that could not be read makes the verdict Failed (could not verify), naming the privilege,
-- even when other places are clean: partial coverage is never a pass.
function validate_result()
  if type(sql_results) ~= "table" then
    return could_not_verify("pg_proc, pg_description, pg_db_role_setting")
  end
  local found, unreadable, privilege = {}, {}, false
  for _, row in ipairs(sql_results) do
    if row.place == nil or row.kind == nil then
      return could_not_verify("pg_proc, pg_description, pg_db_role_setting")
    end
    if row.kind == "unreadable" then
      if not string.find(row.sample or "", "^not searched") then privilege = true end
      unreadable[#unreadable + 1] = row.place .. (row.object and (" (" .. row.object .. ")") or "") .. ": " .. (row.sample or "")
    else
      found[#found + 1] = row.place .. " " .. (row.object or "?") .. ": " .. row.kind .. " " .. (row.sample or "")
    end
  end
  local vars = { count = #found, list = table.concat(found, "; "),
                 places = #unreadable, unreadable = table.concat(unreadable, "; ") }
  if #unreadable > 0 then
    local short = fill(locale_msg("secrets_in_catalog.unreadable"), vars)
    local full = fill(locale_msg("secrets_in_catalog.unreadable_full"), vars)
    if #found > 0 then
      short = fill(locale_msg("secrets_in_catalog.found"), vars) .. " " .. short
      full = fill(locale_msg("secrets_in_catalog.found_full"), vars) .. full
    end
    local v = verdict("Failed", short, full, locale_msg("secrets_in_catalog.unreadable_rec"))
    if privilege then v.reason = "insufficient_privilege" end
    return v
  end
  if #found > 0 then
    return verdict("Error", fill(locale_msg("secrets_in_catalog.found"), vars),
      fill(locale_msg("secrets_in_catalog.found_full"), vars), locale_msg("secrets_in_catalog.rec"))
  end
  return verdict("Success", locale_msg("secrets_in_catalog.ok"), locale_msg("secrets_in_catalog.ok_full"),
    locale_msg("common.no_action"))
end
