-- passwordcheck (or credcheck) rejects weak passwords set with CREATE/ALTER ROLE ... PASSWORD.
-- Preloaded = in shared_preload_libraries as the loader resolves names (row.parsed.modules),
-- now and after the pending restart.
local function judge(rows)
  local row = rows.shared_preload_libraries
  local vars = { preload = shown_value(row.value) }
  local modules = row.parsed.modules or {}
  if list_has(modules, "passwordcheck") or list_has(modules, "credcheck") then
    return verdict("Success", fill(locale_msg("password_complexity.ok"), vars),
      fill(locale_msg("password_complexity.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("password_complexity.bad"), vars),
    fill(locale_msg("password_complexity.bad_full"), vars), fill(locale_msg("password_complexity.rec"), vars))
end

function validate_result()
  return judge_fact_settings({ "shared_preload_libraries" }, judge)
end
