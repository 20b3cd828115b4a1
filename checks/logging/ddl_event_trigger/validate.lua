function validate_result()
  local row = first_row()
  if row == nil or row.installed == nil then
    return could_not_verify("sec_check.ddl_trail_status()")
  end
  local vars = { database = row.database, others = row.other_triggers or "", rows = row.chain_rows or 0,
                 missing = row.missing, disabled = row.disabled, foreign = row.foreign_triggers,
                 where = row.event_triggers_off, detail = row.chain_detail, first_bad_id = row.first_bad_id,
                 grantees = row.event_triggers_settable_by }
  local others = ""
  if row.other_triggers ~= nil then others = fill(locale_msg("ddl_event_trigger.others"), vars) end
  if not row.installed then
    return verdict("Warning", fill(locale_msg("ddl_event_trigger.not_installed"), vars),
      fill(locale_msg("ddl_event_trigger.not_installed_full"), vars) .. others, locale_msg("ddl_event_trigger.install_rec"))
  end
  if row.chain_ok == nil or row.code_ok == nil then
    return could_not_verify("sec_check.ddl_trail_status()")
  end
  local problems = {}
  local function add(key, present)
    if present then problems[#problems + 1] = fill(locale_msg("ddl_event_trigger." .. key), vars) end
  end
  local enabled = row.enabled == true
  add("p_chain", row.chain_ok == false)
  add("p_replaced", row.code_ok == false)
  add("p_missing", enabled and (row.missing or "") ~= "")
  add("p_disabled", (row.disabled or "") ~= "")
  add("p_foreign", (row.foreign_triggers or "") ~= "")
  add("p_event_triggers_off", (row.event_triggers_off or "") ~= "")
  add("p_event_triggers_grant", (row.event_triggers_settable_by or "") ~= "")
  add("p_no_rows", row.no_rows == true)
  if #problems > 0 then
    local items = {}
    for _, p in ipairs(problems) do items[#items + 1] = "<li>" .. p .. "</li>" end
    vars.problems = table.concat(problems, "; ")
    return verdict("Error", fill(locale_msg("ddl_event_trigger.broken"), vars),
      fill(locale_msg("ddl_event_trigger.broken_full"), vars) .. "<ul>" .. table.concat(items) .. "</ul>",
      locale_msg("ddl_event_trigger.broken_rec"))
  end
  if not enabled then
    return verdict("Warning", fill(locale_msg("ddl_event_trigger.not_enabled"), vars),
      fill(locale_msg("ddl_event_trigger.not_enabled_full"), vars) .. others, locale_msg("ddl_event_trigger.enable_rec"))
  end
  -- an explicit choice of the owner, but DDL can then commit without its rows
  if row.strict == false then
    return verdict("Warning", fill(locale_msg("ddl_event_trigger.not_strict"), vars),
      fill(locale_msg("ddl_event_trigger.not_strict_full"), vars), locale_msg("ddl_event_trigger.strict_rec"))
  end
  return verdict("Success", fill(locale_msg("ddl_event_trigger.ok"), vars),
    fill(locale_msg("ddl_event_trigger.ok_full"), vars), locale_msg("common.no_action"))
end
