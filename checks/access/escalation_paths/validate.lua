-- Who can become superuser, and how (the priv_paths fact, docs/verdicts.md "Who can act as
-- whom"): one row per (login role, kind, target) with the shortest chain, its severity and a
-- fix statement where a safe one exists; a single row of NULLs when there is no path. Error
-- when any path reaches superuser-equivalent power, Warning when only lesser ones (reading
-- server files, SET or ALTER SYSTEM on parameters that run no code).
function validate_result()
  local first = first_row()
  if first == nil or first.total == nil then
    return could_not_verify("pg_roles, pg_auth_members")
  end
  if first.kind == nil then
    return verdict("Success", locale_msg("escalation_paths.ok"), locale_msg("escalation_paths.ok_full"),
      locale_msg("common.no_action"))
  end
  local errors, warnings, roles, role_count = 0, 0, {}, 0
  local items, fixes, seen_fix = {}, {}, {}
  for _, row in ipairs(sql_results) do
    if row.severity == "Error" then errors = errors + 1 else warnings = warnings + 1 end
    if row.role ~= nil and not roles[row.role] then roles[row.role] = true; role_count = role_count + 1 end
    if #items < 50 then
      items[#items + 1] = "<li><code>" .. tostring(row.chain) .. "</code> [" .. tostring(row.severity) .. "]</li>"
    end
    if row.fix ~= nil and not seen_fix[row.fix] and #fixes < 20 then
      seen_fix[row.fix] = true
      fixes[#fixes + 1] = row.fix
    end
  end
  local total = whole(first.total) or #sql_results
  local vars = { total = total, roles = role_count, errors = errors, warnings = warnings,
                 items = table.concat(items), rest = total - #items, fixes = table.concat(fixes, "\n") }
  local full = fill(locale_msg("escalation_paths.bad_full"), vars)
  if total > #items then full = full .. fill(locale_msg("escalation_paths.more"), vars) end
  local rec = locale_msg("escalation_paths.rec")
  if #fixes > 0 then rec = fill(locale_msg("escalation_paths.rec_fixes"), vars) .. rec end
  local status = "Warning"
  if errors > 0 then status = "Error" end
  return verdict(status, fill(locale_msg("escalation_paths.bad"), vars), full, rec)
end
