-- Settings as the server applies them: helpers over the rows of the `settings` fact
-- (checks/_facts/settings; parsing and scopes in src/core/settings/, rules in
-- docs/verdicts.md). A check's query selects the fact's rows for the settings it judges
-- (`-- include: fact:settings`, then `SELECT ... FROM settings WHERE name IN (...)`), plus
-- the derived 'log_output' row when what it judges is written as LOG lines. Validators judge
-- meanings (row.parsed: on, value, number, items, modules, escapes, classes ...), never the
-- value text: the text is only shown.

-- The rows of one setting: { server = row|nil, pending = row|nil, overrides = { rows } }.
function setting_state(name, rows)
  local state = { server = nil, pending = nil, overrides = {} }
  for _, r in ipairs(rows or sql_results or {}) do
    if r.name == name then
      if r.scope == "server" then state.server = r
      elseif r.scope == "pending" then state.pending = r
      else state.overrides[#state.overrides + 1] = r end
    end
  end
  return state
end

-- A value as shown in texts: '' for the empty string.
function shown_value(value)
  if value == nil then return "?" end
  if value == "" then return "''" end
  return tostring(value)
end

-- Whether a fact row's value was read as the server reads it.
function parsed_ok(row)
  return row ~= nil and type(row.parsed) == "table" and row.parsed.ok == true
end

-- Failed: a value of the setting could not be read as PostgreSQL reads it (the model and
-- the server disagree: never a pass). `rows` are the rows whose value was not understood.
function unreadable_values(name, rows)
  local list = {}
  for _, r in ipairs(rows) do
    list[#list + 1] = (r.who or r.scope) .. ": " .. name .. "=" .. shown_value(r.value)
      .. " (" .. tostring(type(r.parsed) == "table" and r.parsed.error or "?") .. ")"
  end
  local vars = { name = name, list = table.concat(list, ", ") }
  return verdict("Failed", fill(locale_msg("common.value_unreadable"), vars),
    fill(locale_msg("common.value_unreadable_full"), vars), locale_msg("common.value_unreadable_rec"))
end

-- Judge a setting on the fact's rows: the server-wide value, then every per-role/database
-- value and a value pending in the configuration files with the same judge(value, row)
-- (row.parsed holds the meaning). An override or pending value judged Warning/Error and worse
-- than the server-wide value is a finding (at least Warning) named in the text. A restart
-- pending with files this role cannot read is Failed (never a pass on the running value).
-- opts.log_output: what the setting turns on is written as LOG lines, so it is a no-op where
-- LOG lines are not written (log_min_messages above LOG, an empty log_destination): a pass
-- becomes a Warning naming where.
-- opts.composite: `name` is a derived row (pgaudit, log_output): overrides and the pending
-- state are named by their verdicts, not by a value.
function judge_fact_setting(name, judge, opts)
  opts = opts or {}
  local rows = opts.rows or sql_results or {}
  local state = setting_state(name, rows)
  local server = state.server
  if server == nil or server.known ~= true then
    local privilege = nil
    if server ~= nil and type(audit_role) == "table" and audit_role.superuser ~= true and audit_role.file_settings == false then
      privilege = "SELECT on pg_file_settings (superuser)"
    end
    return could_not_verify("pg_settings: " .. name, privilege)
  end
  local unread = {}
  if not parsed_ok(server) then unread[#unread + 1] = server end
  for _, o in ipairs(state.overrides) do
    if not parsed_ok(o) then unread[#unread + 1] = o end
  end
  if state.pending ~= nil and state.pending.known == true and not parsed_ok(state.pending) then unread[#unread + 1] = state.pending end
  if #unread > 0 then return unreadable_values(name, unread) end

  local result = judge(server.value, server)
  local base = status_rank(result.status)
  local notes, worse = {}, false
  local weaker = {}
  for _, o in ipairs(state.overrides) do
    local v = judge(o.value, o)
    local rank = status_rank(v.status)
    if rank >= 2 and rank > base then
      -- a derived row (opts.composite) is named by its verdict, a setting by its value
      if opts.composite then weaker[#weaker + 1] = o.who .. ": " .. v.short_description
      else weaker[#weaker + 1] = o.who .. ": " .. name .. "=" .. shown_value(o.value) end
    end
  end
  if #weaker > 0 then
    worse = true
    notes[#notes + 1] = fill(locale_msg("common.weaker_overrides"), { list = table.concat(weaker, ", ") })
  end
  local pending = state.pending
  if pending ~= nil and pending.known == true then
    local v = judge(pending.value, pending)
    local rank = status_rank(v.status)
    if opts.composite then
      if v.short_description ~= result.short_description then
        local key = "common.after_restart"
        if pending.note == "reload" then key = "common.after_reload_verdict" end
        notes[#notes + 1] = fill(locale_msg(key), { verdict = v.short_description })
      end
    else
      local key = "common.pending_restart"
      if pending.note == "reload" then key = "common.pending_reload" end
      notes[#notes + 1] = fill(locale_msg(key), { name = name, running = shown_value(server.value), pending = shown_value(pending.value) })
    end
    if rank >= 2 and rank > base then worse = true end
  end
  if opts.log_output and base < 2 then
    local out = setting_state("log_output", rows)
    local silent = {}
    local function check(row, who)
      if row ~= nil and row.known == true and type(row.parsed) == "table" and row.parsed.written == false then
        silent[#silent + 1] = fill(locale_msg("common.log_not_written_where"), { who = who, value = row.value or "" })
      end
    end
    check(out.server, locale_msg("common.server_wide"))
    check(out.pending, locale_msg("common.after_reload"))
    for _, o in ipairs(out.overrides) do check(o, o.who) end
    if #silent > 0 then
      worse = true
      notes[#notes + 1] = fill(locale_msg("common.log_not_written"), { name = name, list = table.concat(silent, "; ") })
    end
  end
  if pending ~= nil and pending.known ~= true then
    -- a restart is pending and the new value cannot be read: no pass on the running value alone
    local note = fill(locale_msg("common.pending_unreadable"), { name = name })
    notes[#notes + 1] = note
    if base < 2 and not worse then
      return pending_unverified(result, name, notes)
    end
  end
  if #notes == 0 then return result end
  local text = table.concat(notes, " ")
  if worse and base < 2 then
    -- the pass no longer holds: its recommendation ("no action") does not either
    local rec = opts.recommendation or locale_msg("common.fix_overrides_rec")
    return verdict("Warning", result.short_description .. " " .. text, result.full_description .. "<p>" .. text .. "</p>", rec)
  end
  local short = result.short_description
  if worse then short = short .. " " .. text end
  return verdict(result.status, short, result.full_description .. "<p>" .. text .. "</p>", result.recommendation)
end

-- The names among `names` that have no server-wide row (hidden from this role, or not a
-- setting of this server), or whose server-wide value is unknown.
function missing_settings(names, rows, optional)
  local missing = {}
  for _, name in ipairs(names) do
    local s = setting_state(name, rows).server
    if (s == nil and not (optional and optional[name])) or (s ~= nil and s.known ~= true) then missing[#missing + 1] = name end
  end
  return missing
end

-- Judge several settings together: judge(rows) gets rows[name] = the row in force for each
-- name, and is run on the server-wide values and again on the values pending in the
-- configuration files (a reload or restart). A pending verdict worse than the running one
-- (at least Warning) is the result, with both named; a restart pending with files this role
-- cannot read is Failed unless the running values already fail. Per-role/database values are
-- not looked at here (use judge_fact_setting or flag_setting_values for settings that have them).
-- opts.optional[name] = true: the setting may have no server-wide row (a library's setting
-- while the library is not loaded); rows[name] is then nil for the running server.
function judge_fact_settings(names, judge, opts)
  opts = opts or {}
  local rows = opts.rows or sql_results or {}
  local missing = missing_settings(names, rows, opts.optional)
  if #missing > 0 then
    local privilege = nil
    for _, name in ipairs(missing) do
      local s = setting_state(name, rows).server
      if s ~= nil and type(audit_role) == "table" and audit_role.superuser ~= true and audit_role.file_settings == false then
        privilege = "SELECT on pg_file_settings (superuser)"
      end
    end
    return could_not_verify("pg_settings: " .. table.concat(missing, ", "), privilege)
  end
  local now, later, unread, pendings, unknown = {}, {}, {}, {}, {}
  for _, name in ipairs(names) do
    local state = setting_state(name, rows)
    now[name] = state.server
    later[name] = state.server
    if state.server ~= nil and not parsed_ok(state.server) then unread[#unread + 1] = state.server end
    if state.pending ~= nil then
      if state.pending.known ~= true then
        unknown[#unknown + 1] = name
      elseif not parsed_ok(state.pending) then
        unread[#unread + 1] = state.pending
      else
        later[name] = state.pending
        local key = "common.pending_restart"
        if state.pending.note == "reload" then key = "common.pending_reload" end
        pendings[#pendings + 1] = fill(locale_msg(key), { name = name, running = shown_value(state.server and state.server.value), pending = shown_value(state.pending.value) })
      end
    end
  end
  if #unread > 0 then return unreadable_values(table.concat(names, ", "), unread) end
  local result = judge(now)
  local base = status_rank(result.status)
  if #pendings > 0 then
    local text = table.concat(pendings, " ")
    local after = judge(later)
    local rank = status_rank(after.status)
    if rank >= 2 and rank > base then
      return verdict(after.status, result.short_description .. " " .. text .. " " .. after.short_description,
        result.full_description .. "<p>" .. text .. "</p>" .. after.full_description, after.recommendation)
    end
    result = verdict(result.status, result.short_description, result.full_description .. "<p>" .. text .. "</p>", result.recommendation)
  end
  if #unknown > 0 and base < 2 then
    local what = table.concat(unknown, ", ") .. " (pending restart)"
    local privilege = "SELECT on pg_file_settings (superuser)"
    local v = verdict("Failed", fill(locale_msg("common.not_verified_privilege"), { what = what, privilege = privilege }),
      result.full_description .. "<p>" .. fill(locale_msg("common.pending_unreadable"), { name = table.concat(unknown, ", ") }) .. "</p>",
      fill(locale_msg("common.not_verified_privilege_rec"), { privilege = privilege }))
    v.reason = "insufficient_privilege"
    return v
  end
  return result
end

-- Every value of the named settings (server-wide, pending, per role/database) that
-- is_unsafe(name, row) flags, as "name=value (where)" texts in a list; a Failed verdict
-- instead when a value could not be read, a setting is missing, or a restart is pending with
-- files this role cannot read (returned as the second value).
function flag_setting_values(names, is_unsafe, rows)
  rows = rows or sql_results or {}
  local missing = missing_settings(names, rows)
  if #missing > 0 then return nil, could_not_verify("pg_settings: " .. table.concat(missing, ", ")) end
  local flagged, unread, unknown = {}, {}, {}
  for _, r in ipairs(rows) do
    if list_has(names, r.name) then
      if r.known ~= true then
        unknown[#unknown + 1] = r.name
      elseif not parsed_ok(r) then
        unread[#unread + 1] = r
      elseif is_unsafe(r.name, r) then
        local where = r.who
        if r.scope == "pending" then where = locale_msg("common.after_reload") end
        local item = r.name .. "=" .. shown_value(r.value)
        if where ~= nil then item = item .. " (" .. where .. ")" end
        flagged[#flagged + 1] = item
      end
    end
  end
  if #unread > 0 then return nil, unreadable_values(table.concat(names, ", "), unread) end
  if #unknown > 0 and #flagged == 0 then
    local privilege = "SELECT on pg_file_settings (superuser)"
    local v = verdict("Failed", fill(locale_msg("common.not_verified_privilege"), { what = table.concat(unknown, ", ") .. " (pending restart)", privilege = privilege }),
      "<p>" .. fill(locale_msg("common.pending_unreadable"), { name = table.concat(unknown, ", ") }) .. "</p>",
      fill(locale_msg("common.not_verified_privilege_rec"), { privilege = privilege }))
    v.reason = "insufficient_privilege"
    return nil, v
  end
  return flagged, nil
end
