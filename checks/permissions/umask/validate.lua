-- 0077 or 0027 (no access, or read-only group access, for new files). The postmaster's own
-- umask is what matters; the shell's is the fallback when the process is not visible.
function validate_result()
  local p = probe_values()
  if p == nil or p.shell_umask == nil then
    return probe_failed("umask")
  end
  local source = "postmaster"
  local value = p.postmaster_umask
  if value == nil or value == "" then
    source = "shell"
    value = p.shell_umask
  end
  local mask = tonumber(value, 8)
  if mask == nil then
    return probe_failed("umask")
  end
  local vars = { umask = value, source = source }
  if (mask & 7) == 7 and (mask & 16) == 16 then
    return verdict("Success", fill(locale_msg("umask.ok"), vars), locale_msg("umask.ok_full"), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("umask.bad"), vars), fill(locale_msg("umask.bad_full"), vars), locale_msg("umask.rec"))
end
