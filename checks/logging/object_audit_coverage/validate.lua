-- Sensitive data must be audited when read: every classified table/column needs a SELECT
-- grant to the pgaudit.role role (table-level, or column-level for a column).
local LIST_MAX = 50

local function gap_list(kind)
  local items, count = {}, 0
  for _, row in ipairs(sql_results) do
    if row.problem == kind then
      count = count + 1
      if count <= LIST_MAX then
        local text = "<code>" .. row.target .. "</code> (" .. (row.label or "") .. ", " .. (row.source or "") .. ")"
        if row.fix ~= nil then text = text .. ": <code>" .. row.fix .. "</code>" end
        items[#items + 1] = "<li>" .. text .. "</li>"
      end
    end
  end
  if count > LIST_MAX then items[#items + 1] = "<li>… " .. tostring(count - LIST_MAX) .. "</li>" end
  if #items == 0 then return "" end
  return "<ul>" .. table.concat(items) .. "</ul>"
end

local function fixes()
  local calls = {}
  for _, row in ipairs(sql_results) do
    if row.problem == "not_audited" and row.fix ~= nil and #calls < LIST_MAX then calls[#calls + 1] = row.fix end
  end
  return table.concat(calls, "\n")
end

function validate_result()
  local row = first_row()
  if row == nil or row.installed == nil or row.loaded == nil then
    return could_not_verify("sec_check.object_audit_gaps")
  end
  local vars = { database = row.database, role = row.audit_role or "", classified = row.classified,
                 uncovered = row.uncovered, missing = row.missing }
  if not row.installed then
    return verdict("Info", fill(locale_msg("object_audit_coverage.not_installed"), vars),
      locale_msg("object_audit_coverage.not_installed_full"), locale_msg("object_audit_coverage.classify_rec"))
  end
  if row.classified == nil then
    return could_not_verify("sec_check.object_audit_gaps")
  end
  if row.classified == 0 then
    return verdict("Info", fill(locale_msg("object_audit_coverage.none_classified"), vars),
      locale_msg("object_audit_coverage.none_classified_full"), locale_msg("object_audit_coverage.classify_rec"))
  end
  local missing_text = ""
  if row.missing > 0 then
    missing_text = fill(locale_msg("object_audit_coverage.missing_full"), vars) .. gap_list("missing")
  end
  if row.uncovered > 0 then
    local reason = nil
    if not row.loaded then reason = "not_loaded"
    elseif (row.audit_role or "") == "" then reason = "no_role"
    elseif not row.role_exists then reason = "missing_role" end
    if reason ~= nil then
      return verdict("Error", fill(locale_msg("object_audit_coverage.unavailable"), vars),
        fill(locale_msg("object_audit_coverage." .. reason), vars) .. gap_list("not_audited") .. missing_text,
        locale_msg("object_audit_coverage.setup_rec") .. fill(locale_msg("object_audit_coverage.fix_rec"), vars)
          .. "<pre>" .. fixes() .. "</pre>")
    end
    return verdict("Error", fill(locale_msg("object_audit_coverage.uncovered"), vars),
      fill(locale_msg("object_audit_coverage.uncovered_full"), vars) .. gap_list("not_audited") .. missing_text,
      fill(locale_msg("object_audit_coverage.fix_rec"), vars) .. "<pre>" .. fixes() .. "</pre>")
  end
  if row.missing > 0 then
    return verdict("Warning", fill(locale_msg("object_audit_coverage.missing"), vars), missing_text,
      locale_msg("object_audit_coverage.missing_rec"))
  end
  if row.role_problems ~= nil and row.role_problems ~= "" then
    vars.problems = row.role_problems
    return verdict("Warning", fill(locale_msg("object_audit_coverage.role_unsafe"), vars),
      fill(locale_msg("object_audit_coverage.role_unsafe_full"), vars), fill(locale_msg("object_audit_coverage.role_unsafe_rec"), vars))
  end
  return verdict("Success", fill(locale_msg("object_audit_coverage.ok"), vars),
    fill(locale_msg("object_audit_coverage.ok_full"), vars), locale_msg("common.no_action"))
end
