-- Miscellaneous settings that endanger data integrity or let sessions load arbitrary code:
-- server-wide, after the pending reload/restart, and in every ALTER ROLE/DATABASE ... SET.
local NAMES = { "fsync", "full_page_writes", "data_sync_retry", "dynamic_library_path", "local_preload_libraries", "row_security" }

local function unsafe(name, row)
  local p = row.parsed
  if name == "fsync" or name == "full_page_writes" or name == "row_security" then return p.on == false end
  if name == "data_sync_retry" then return p.on == true end
  -- dynamic_library_path: anything but the package library directory alone
  if name == "dynamic_library_path" then return not (#(p.items or {}) == 1 and p.items[1] == "$libdir") end
  return #(p.items or {}) > 0 -- local_preload_libraries
end

function validate_result()
  local flagged, failed = flag_setting_values(NAMES, unsafe)
  if failed then return failed end
  local vars = { count = #flagged, list = table.concat(flagged, ", ") }
  if #flagged > 0 then
    return verdict("Warning", fill(locale_msg("other_parameters.bad"), vars),
      fill(locale_msg("other_parameters.bad_full"), vars), fill(locale_msg("other_parameters.rec"), vars))
  end
  return verdict("Success", fill(locale_msg("other_parameters.ok"), vars),
    fill(locale_msg("other_parameters.ok_full"), vars), locale_msg("common.no_action"))
end
