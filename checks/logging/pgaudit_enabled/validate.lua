-- pgaudit.log is a list of classes (read, write, function, role, ddl, misc, misc_set, all);
-- "-class" removes one (-all removes every class) in the order written. What is left decides:
-- nothing, or only misc_set (SET commands), audits nothing useful; without ddl schema and
-- privilege changes are not audited.
local CLASSES = { "read", "write", "function", "role", "ddl", "misc", "misc_set" }

local function effective_classes(value)
  local on = {}
  for _, item in ipairs(list_items(value)) do
    local remove = string.sub(item, 1, 1) == "-"
    local class = remove and string.sub(item, 2) or item
    local targets = { class }
    if class == "all" then targets = CLASSES end
    for _, c in ipairs(targets) do
      if list_has(CLASSES, c) then on[c] = not remove or nil end
    end
  end
  local list = {}
  for _, c in ipairs(CLASSES) do if on[c] then list[#list + 1] = c end end
  return list
end

local function judge(value, row)
  local classes = effective_classes(value)
  local vars = { version = row.ext_version or "", database = row.database, audit_log = value,
                 classes = table.concat(classes, ",") }
  if #classes == 0 or (#classes == 1 and classes[1] == "misc_set") then
    return verdict("Warning", fill(locale_msg("pgaudit_enabled.no_classes"), vars),
      fill(locale_msg("pgaudit_enabled.no_classes_full"), vars), locale_msg("pgaudit_enabled.classes_rec"))
  end
  if not list_has(classes, "ddl") then
    return verdict("Warning", fill(locale_msg("pgaudit_enabled.no_ddl"), vars),
      fill(locale_msg("pgaudit_enabled.no_ddl_full"), vars), locale_msg("pgaudit_enabled.classes_rec"))
  end
  return verdict("Success", fill(locale_msg("pgaudit_enabled.ok"), vars),
    fill(locale_msg("pgaudit_enabled.ok_full"), vars), locale_msg("common.no_action"))
end

function validate_result()
  local row = first_row()
  if row == nil or row.preload == nil then
    return could_not_verify("pg_settings: shared_preload_libraries")
  end
  local vars = { preload = row.preload, database = row.database, version = row.ext_version or "" }
  if vars.preload == "" then vars.preload = "''" end
  if not list_has(list_items(row.preload), "pgaudit") then
    return verdict("Warning", locale_msg("pgaudit_enabled.not_loaded"),
      fill(locale_msg("pgaudit_enabled.not_loaded_full"), vars), locale_msg("pgaudit_enabled.rec"))
  end
  if row.ext_version == nil then
    return verdict("Warning", fill(locale_msg("pgaudit_enabled.no_extension"), vars),
      fill(locale_msg("pgaudit_enabled.no_extension_full"), vars), locale_msg("pgaudit_enabled.rec"))
  end
  if row.value == nil then row.value = "none" end
  local result = judge_setting("pgaudit.log", judge, row)
  -- a restart that drops pgaudit from shared_preload_libraries ends auditing
  if row.preload_pending ~= nil and not list_has(list_items(row.preload_pending), "pgaudit") then
    local note = fill(locale_msg("common.pending_restart"), { name = "shared_preload_libraries", running = row.preload, pending = row.preload_pending })
    return verdict("Warning", result.short_description .. " " .. note, result.full_description .. "<p>" .. note .. "</p>", locale_msg("pgaudit_enabled.rec"))
  end
  if row.preload_pending_unknown == true and status_rank(result.status) < 2 then
    local note = fill(locale_msg("common.pending_unreadable"), { name = "shared_preload_libraries" })
    return verdict("Failed", result.short_description .. " " .. note, result.full_description .. "<p>" .. note .. "</p>", result.recommendation)
  end
  return result
end
