-- pgAudit must be loaded, created in the database (its DDL event triggers) and told which
-- statement classes to log, and its lines must reach the server log. Everything is read from
-- the derived 'pgaudit' rows of the settings fact (row.parsed: loaded, preloaded, classes,
-- level, log_min_messages, destinations, written), judged server-wide, after the pending
-- reload/restart and for every role/database whose settings change the outcome (docs/verdicts.md).

local function judge(value, row)
  local p = row.parsed
  local classes = p.classes or {}
  local vars = { version = sql_results[1].ext_version or "", database = sql_results[1].database,
                 audit_log = shown_value(p.audit_log), classes = table.concat(classes, ",") }
  if vars.classes == "" then vars.classes = "none" end
  if p.loaded ~= true then
    return verdict("Warning", locale_msg("pgaudit_enabled.not_loaded"),
      fill(locale_msg("pgaudit_enabled.not_loaded_full"), { preload = shown_value(p.preload) }), locale_msg("pgaudit_enabled.rec"))
  end
  if #classes == 0 or (#classes == 1 and classes[1] == "misc_set") then
    return verdict("Warning", fill(locale_msg("pgaudit_enabled.no_classes"), vars),
      fill(locale_msg("pgaudit_enabled.no_classes_full"), vars), locale_msg("pgaudit_enabled.classes_rec"))
  end
  if not list_has(classes, "ddl") then
    return verdict("Warning", fill(locale_msg("pgaudit_enabled.no_ddl"), vars),
      fill(locale_msg("pgaudit_enabled.no_ddl_full"), vars), locale_msg("pgaudit_enabled.classes_rec"))
  end
  if p.written ~= true then
    local why
    if #(p.destinations or {}) == 0 then why = locale_msg("pgaudit_enabled.why_destination")
    else why = fill(locale_msg("pgaudit_enabled.why_level"), { min = p.log_min_messages or "?", level = p.level or "?" }) end
    vars.why = why
    vars.level = p.level or "?"
    return verdict("Warning", fill(locale_msg("pgaudit_enabled.not_written"), vars),
      fill(locale_msg("pgaudit_enabled.not_written_full"), vars), locale_msg("pgaudit_enabled.written_rec"))
  end
  return verdict("Success", fill(locale_msg("pgaudit_enabled.ok"), vars),
    fill(locale_msg("pgaudit_enabled.ok_full"), vars), locale_msg("common.no_action"))
end

function validate_result()
  local first = sql_results and sql_results[1]
  local state = setting_state("pgaudit")
  local server = state.server
  if first == nil or server == nil or server.known ~= true then
    return could_not_verify("pg_settings: shared_preload_libraries, pgaudit.log, log_min_messages, log_destination")
  end
  local p = server.parsed
  if p.preloaded == nil then
    return could_not_verify("pg_settings: shared_preload_libraries")
  end
  local preload = setting_state("shared_preload_libraries").server
  -- loaded: its settings exist; otherwise not in the list, or in it but the restart is pending
  if p.loaded ~= true then
    if p.preloaded == true then
      return verdict("Warning", locale_msg("pgaudit_enabled.not_loaded_yet"),
        fill(locale_msg("pgaudit_enabled.not_loaded_full"), { preload = shown_value(preload and preload.value) }), locale_msg("pgaudit_enabled.rec"))
    end
    return verdict("Warning", locale_msg("pgaudit_enabled.not_loaded"),
      fill(locale_msg("pgaudit_enabled.not_loaded_full"), { preload = shown_value(preload and preload.value) }), locale_msg("pgaudit_enabled.rec"))
  end
  if first.ext_version == nil then
    local vars = { database = first.database, version = "" }
    return verdict("Warning", fill(locale_msg("pgaudit_enabled.no_extension"), vars),
      fill(locale_msg("pgaudit_enabled.no_extension_full"), vars), locale_msg("pgaudit_enabled.rec"))
  end
  -- the texts show shared_preload_libraries as written (row.parsed.audit_log is pgaudit.log's)
  for _, r in ipairs(sql_results) do
    if r.name == "pgaudit" and type(r.parsed) == "table" then r.parsed.preload = preload and preload.value end
  end
  return judge_fact_setting("pgaudit", judge, { composite = true, recommendation = locale_msg("pgaudit_enabled.written_rec") })
end
