-- Cut off slow logins (authentication_timeout at most 60 s) and delay each failed one
-- (auth_delay preloaded with auth_delay.milliseconds > 0), now and after the pending restart.
-- "Preloaded" is shared_preload_libraries as the loader resolves names (row.parsed.modules:
-- "auth_delay", "auth_delay.so", "$libdir/auth_delay" are the same library); auth_delay's
-- setting exists only while the library is loaded.
local function judge(rows)
  local timeout = rows.authentication_timeout.parsed.number or 0
  local delay_row = rows["auth_delay.milliseconds"]
  local delay = 0
  if parsed_ok(delay_row) then delay = delay_row.parsed.number or 0 end
  local vars = { timeout = timeout, delay = delay }
  local problems = {}
  if timeout > 60 then
    problems[#problems + 1] = fill(locale_msg("auth_timeout_delay.long_timeout"), vars)
  end
  if not list_has(rows.shared_preload_libraries.parsed.modules or {}, "auth_delay") or delay <= 0 then
    problems[#problems + 1] = locale_msg("auth_timeout_delay.no_delay")
  end
  if #problems > 0 then
    vars.problems = table.concat(problems, " ")
    return verdict("Warning", fill(locale_msg("auth_timeout_delay.bad"), vars),
      fill(locale_msg("auth_timeout_delay.bad_full"), vars), locale_msg("auth_timeout_delay.rec"))
  end
  return verdict("Success", fill(locale_msg("auth_timeout_delay.ok"), vars),
    locale_msg("auth_timeout_delay.ok_full"), locale_msg("common.no_action"))
end

function validate_result()
  -- auth_delay.milliseconds is judged when present (it is absent while auth_delay is not loaded)
  local names = { "authentication_timeout", "shared_preload_libraries" }
  local state = setting_state("auth_delay.milliseconds")
  if state.server ~= nil or state.pending ~= nil then names[#names + 1] = "auth_delay.milliseconds" end
  if state.server == nil and state.pending ~= nil then
    -- loaded only after the restart: judge the running server without it
    return judge_fact_settings(names, judge, { optional = { ["auth_delay.milliseconds"] = true } })
  end
  return judge_fact_settings(names, judge)
end
