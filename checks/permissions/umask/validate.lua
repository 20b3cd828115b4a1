-- 0077 or 0027 (no access, or read-only group access, for new files). What counts is the
-- login umask of the account that owns PGDATA (CIS 2.1); the postmaster's umask is checked
-- too. The audit shell's umask is the fallback when neither is visible (no PGDATA).
function validate_result()
  local p = probe_values()
  if p == nil or p.shell_umask == nil then
    return probe_failed("umask")
  end
  local seen = {}
  local function add(value, source)
    if value ~= nil and value ~= "" and tonumber(value, 8) ~= nil then
      seen[#seen + 1] = { umask = value, mask = tonumber(value, 8), source = source }
    end
  end
  add(p.account_umask, fill(locale_msg("umask.account"), { owner = p.owner or "?" }))
  add(p.postmaster_umask, "postmaster")
  if #seen == 0 then add(p.shell_umask, "shell") end
  if #seen == 0 then
    return probe_failed("umask")
  end
  local parts = {}
  for _, s in ipairs(seen) do
    if not ((s.mask & 7) == 7 and (s.mask & 16) == 16) then
      local vars = { umask = s.umask, source = s.source }
      return verdict("Warning", fill(locale_msg("umask.bad"), vars), fill(locale_msg("umask.bad_full"), vars), locale_msg("umask.rec"))
    end
    parts[#parts + 1] = s.umask .. " (" .. s.source .. ")"
  end
  local vars = { list = table.concat(parts, ", ") }
  return verdict("Success", fill(locale_msg("umask.ok"), vars), locale_msg("umask.ok_full"), locale_msg("common.no_action"))
end
