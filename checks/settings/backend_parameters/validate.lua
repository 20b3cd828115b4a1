-- Backend-context debugging switches that should be at their defaults on production servers:
-- server-wide, after the pending reload/restart, and in every ALTER ROLE/DATABASE ... SET.
local NAMES = { "ignore_system_indexes", "jit_debugging_support", "jit_profiling_support", "post_auth_delay" }

local function unsafe(name, row)
  if name == "post_auth_delay" then return (row.parsed.number or 0) ~= 0 end
  return row.parsed.on == true
end

function validate_result()
  local flagged, failed = flag_setting_values(NAMES, unsafe)
  if failed then return failed end
  local vars = { count = #flagged, list = table.concat(flagged, ", ") }
  if #flagged > 0 then
    return verdict("Warning", fill(locale_msg("backend_parameters.bad"), vars),
      fill(locale_msg("backend_parameters.bad_full"), vars), fill(locale_msg("backend_parameters.rec"), vars))
  end
  return verdict("Success", fill(locale_msg("backend_parameters.ok"), vars),
    fill(locale_msg("backend_parameters.ok_full"), vars), locale_msg("common.no_action"))
end
