-- sec_check shared validator helpers.
-- The catalog compiler puts this file in front of every validate.lua, so each compiled
-- validator is still one standalone pg_sec_check Lua script.

-- Put values into a message: "{name}" is replaced by tostring(vars.name).
-- Server data (role names, settings) goes in as plain text; the report renderer escapes it.
function fill(text, vars)
  return (string.gsub(text, "{([%w_]+)}", function(key)
    local value = vars and vars[key]
    if value == nil then return nil end
    return tostring(value)
  end))
end

-- The table pg_sec_check expects from validate_result().
function verdict(status, short_desc, full_desc, recommendation)
  return {
    status = status,
    short_description = short_desc or "",
    full_description = full_desc or "",
    recommendation = recommendation or ""
  }
end

-- The first row of the SQL executor's result, or nil when there is none.
function first_row()
  if type(sql_results) == "table" and type(sql_results[1]) == "table" then
    return sql_results[1]
  end
  return nil
end

-- Failed: the data the check needs was not returned (privilege, hidden setting, missing file).
-- "what" names the data (a setting, view or file name), so it reads the same in every language.
-- When the role lacks a privilege that data needs (given, or found by missing_privilege),
-- the verdict names it and carries reason insufficient_privilege; it is still Failed.
function could_not_verify(what, privilege)
  privilege = privilege or missing_privilege(what)
  if privilege then
    local v = verdict("Failed",
      fill(locale_msg("common.not_verified_privilege"), { what = what, privilege = privilege }),
      fill(locale_msg("common.not_verified_privilege_full"), { what = what, privilege = privilege }),
      fill(locale_msg("common.not_verified_privilege_rec"), { privilege = privilege }))
    v.reason = "insufficient_privilege"
    return v
  end
  return verdict("Failed",
    fill(locale_msg("common.not_verified"), { what = what }),
    fill(locale_msg("common.not_verified_full"), { what = what }),
    locale_msg("common.not_verified_rec"))
end

-- The privilege the auditing role lacks to read the data named by `what`, from the facts
-- the engine passes as audit_role (superuser, read_all_settings, file_settings,
-- hba_file_rules, authid ...), or nil when it holds what that data needs.
function missing_privilege(what)
  if type(audit_role) ~= "table" or audit_role.superuser == true or type(what) ~= "string" then return nil end
  local needs = {}
  if string.find(what, "pg_authid", 1, true) and audit_role.authid == false then
    needs[#needs + 1] = "superuser (SELECT on pg_authid)"
  end
  if string.find(what, "pg_hba_file_rules", 1, true) and audit_role.hba_file_rules == false then
    needs[#needs + 1] = "superuser (SELECT on pg_hba_file_rules)"
  end
  if string.find(what, "pg_settings", 1, true) and audit_role.read_all_settings == false then
    needs[#needs + 1] = "pg_read_all_settings"
  end
  if #needs == 0 then return nil end
  return table.concat(needs, ", ")
end

-- Boolean setting text to true/false (nil when it is not a boolean).
function setting_on(value)
  if value == nil then return nil end
  if value == true or value == false then return value end
  local v = string.lower(tostring(value))
  if v == "on" or v == "true" or v == "yes" or v == "1" then return true end
  if v == "off" or v == "false" or v == "no" or v == "0" then return false end
  return nil
end

-- The key=value lines a probe.sh printed, as a table (nil when there is no shell result).
function probe_values()
  if type(result) ~= "table" or type(result.stdout) ~= "string" then return nil end
  local values = {}
  for line in string.gmatch(result.stdout, "[^\r\n]+") do
    local key, value = string.match(line, "^([%w_]+)=(.*)$")
    if key then values[key] = value end
  end
  return values
end

-- Items of a comma-separated setting (trimmed, lower case, quotes removed).
function list_items(text)
  local items = {}
  if text == nil then return items end
  for item in string.gmatch(tostring(text), "[^,]+") do
    item = string.lower(string.gsub(item, "^[%s\"]*(.-)[%s\"]*$", "%1"))
    if item ~= "" then items[#items + 1] = item end
  end
  return items
end

function list_has(items, wanted)
  for _, item in ipairs(items) do
    if item == wanted then return true end
  end
  return false
end

-- A whole number from SQL (int32 arrives as an integer, bigint/numeric as a float).
function whole(value)
  if value == nil then return nil end
  return math.tointeger(value) or math.floor(tonumber(value) or 0)
end

-- Failed: the host probe printed nothing we can use ("detail" says what was missing).
function probe_failed(detail)
  return verdict("Failed",
    locale_msg("common.probe_missing"),
    fill(locale_msg("common.probe_missing_full"), { detail = detail or "" }),
    locale_msg("common.probe_missing_rec"))
end

-- A Warning when pg_hba.conf as read (pg_hba_file_rules) is not what the server enforces:
-- error lines (the reload kept the old rules) or a change after the last reload. "verdict"
-- is what the check concluded from the file; nil when the file is in force.
-- row: error_lines, errors, changed_since_load from the hba-first-match block's hba_file.
function hba_not_in_force(row, file_verdict)
  local errors = whole(row.error_lines) or 0
  if errors == 0 and row.changed_since_load ~= true then return nil end
  local changed = locale_msg("common.no")
  if row.changed_since_load == true then changed = locale_msg("common.yes")
  elseif row.changed_since_load == nil then changed = locale_msg("common.unknown") end
  local vars = { errors = errors > 0 and (row.errors or tostring(errors)) or "0", changed = changed,
                 verdict = file_verdict and file_verdict.short_description or "" }
  local status = "Warning"
  if file_verdict and file_verdict.status == "Error" then status = "Error" end
  return verdict(status, locale_msg("common.hba_not_in_force"),
    fill(locale_msg("common.hba_not_in_force_full"), vars), locale_msg("common.hba_not_in_force_rec"))
end

-- How bad a status is (a function: the validator host keeps only functions from this file).
function status_rank(status)
  local ranks = { Success = 0, Info = 1, Warning = 2, Error = 3 }
  return ranks[status] or 0
end

-- The older form of judge_fact_setting (checks/_lib/settings.lua), for checks still reading
-- the setting-effective SQL block (listen_addresses, default_port).
-- Judge a setting as the server applies it, then every per-role/database override and a
-- value waiting for a restart with the same judge (see the setting-effective SQL block:
-- row.value, row.overrides, row.pending_value). judge(value, row) returns a verdict. An
-- override or pending value judged Warning/Error and worse than the server-wide value is a
-- finding (at least Warning) named in the text; a pending value is always shown next to the running one.
function judge_setting(name, judge, row)
  row = row or first_row()
  if row == nil or row.value == nil then
    local privilege = nil
    -- the row is there but its value needs the configuration files (a per-role/database value)
    if row ~= nil and type(audit_role) == "table" and audit_role.superuser ~= true and audit_role.file_settings == false then
      privilege = "SELECT on pg_file_settings (superuser)"
    end
    return could_not_verify("pg_settings: " .. name, privilege)
  end
  local result = judge(row.value, row)
  local base = status_rank(result.status)
  local weaker = {}
  for line in string.gmatch(row.overrides or "", "[^\n]+") do
    local who, value = string.match(line, "^(.-)\t(.*)$")
    local rank = who and status_rank(judge(value, row).status) or 0
    if rank >= 2 and rank > base then
      weaker[#weaker + 1] = who .. ": " .. name .. "=" .. value
    end
  end
  local notes, worse = {}, #weaker > 0
  if #weaker > 0 then
    notes[#notes + 1] = fill(locale_msg("common.weaker_overrides"), { list = table.concat(weaker, ", ") })
  end
  if row.pending_value ~= nil then
    notes[#notes + 1] = fill(locale_msg("common.pending_restart"), { name = name, running = row.value, pending = row.pending_value })
    local rank = status_rank(judge(row.pending_value, row).status)
    if rank >= 2 and rank > base then worse = true end
  end
  if row.pending_unknown == true then
    -- a restart is pending and the new value cannot be read: no pass on the running value alone
    notes[#notes + 1] = fill(locale_msg("common.pending_unreadable"), { name = name })
    if base < 2 then
      return pending_unverified(result, name, notes)
    end
  end
  if #notes == 0 then return result end
  local text = table.concat(notes, " ")
  local status = result.status
  if worse and base < 2 then status = "Warning" end
  local short = result.short_description
  if worse then short = short .. " " .. text end
  return verdict(status, short, result.full_description .. "<p>" .. text .. "</p>", result.recommendation)
end

-- A pass a pending restart may undo, when the pending value cannot be read (pg_file_settings
-- needs a superuser): Failed, naming the missing privilege; the pass's recommendation ("no
-- action") does not apply. Shared by the setting-effective block and the settings fact.
function pending_unverified(result, name, notes)
  local privilege = "SELECT on pg_file_settings (superuser)"
  local v = verdict("Failed", fill(locale_msg("common.not_verified_privilege"), { what = name .. " (pending restart)", privilege = privilege }),
    result.full_description .. "<p>" .. table.concat(notes, " ") .. "</p>",
    fill(locale_msg("common.not_verified_privilege_rec"), { privilege = privilege }))
  v.reason = "insufficient_privilege"
  return v
end
