-- Superuser-context switches that disable safety checks or expose data must stay at their
-- safe values: server-wide, after the pending reload/restart, and in every ALTER ROLE/DATABASE ... SET.
local NAMES = { "allow_system_table_mods", "ignore_checksum_failure", "zero_damaged_pages", "lo_compat_privileges",
                "debug_print_parse", "debug_print_rewritten", "debug_print_plan", "session_preload_libraries" }

local function unsafe(name, row)
  if name == "session_preload_libraries" then return #(row.parsed.items or {}) > 0 end
  return row.parsed.on == true
end

function validate_result()
  local flagged, failed = flag_setting_values(NAMES, unsafe)
  if failed then return failed end
  local vars = { count = #flagged, list = table.concat(flagged, ", ") }
  if #flagged > 0 then
    return verdict("Warning", fill(locale_msg("superuser_parameters.bad"), vars),
      fill(locale_msg("superuser_parameters.bad_full"), vars), fill(locale_msg("superuser_parameters.rec"), vars))
  end
  return verdict("Success", fill(locale_msg("superuser_parameters.ok"), vars),
    fill(locale_msg("superuser_parameters.ok_full"), vars), locale_msg("common.no_action"))
end
