function validate_result()
  local row = first_row()
  if row == nil or row.installed == nil then
    return could_not_verify("sec_check.latest_results")
  end
  local host_checks = tonumber(row.host_checks)
  local age = tonumber(row.age_s)
  local max_age = tonumber(row.max_age_s)
  local vars = { database = row.database, max_age = row.max_age or "", source = row.max_age_source or "",
                 last = row.last_agent or "", age = row.age_s, host_checks = row.host_checks or 0 }
  if not row.installed then
    return verdict("Info", fill(locale_msg("agent_freshness.not_installed"), vars),
      fill(locale_msg("agent_freshness.not_installed_full"), vars), locale_msg("agent_freshness.install_rec"))
  end
  if type(audit_profile) == "table" and audit_profile.applied == "managed" then
    -- no host agent can run on a managed service: its host checks are not_applicable_managed
    return verdict("Info", fill(locale_msg("agent_freshness.managed"), vars),
      fill(locale_msg("agent_freshness.managed_full"), vars), locale_msg("common.no_action"))
  end
  if not row.can_read or host_checks == nil then
    return could_not_verify("sec_check.latest_results")
  end
  -- the allowed age and the "no host agent" declaration are the extension owner's settings
  if row.config_state == "unreadable" then
    return could_not_verify("sec_check.effective_config")
  end
  if row.host_agent == "none" then
    return verdict("Info", fill(locale_msg("agent_freshness.declared_none"), vars),
      fill(locale_msg("agent_freshness.declared_none_full"), vars), locale_msg("agent_freshness.declared_none_rec"))
  end
  if max_age == nil then
    return verdict("Failed", fill(locale_msg("agent_freshness.bad_setting"), vars),
      fill(locale_msg("agent_freshness.bad_setting_full"), vars), locale_msg("agent_freshness.bad_setting_rec"))
  end
  if host_checks == 0 then
    return verdict("Info", fill(locale_msg("agent_freshness.no_host_checks"), vars),
      fill(locale_msg("agent_freshness.no_host_checks_full"), vars), locale_msg("common.no_action"))
  end
  if row.last_agent == nil or age == nil then
    return verdict("Failed", fill(locale_msg("agent_freshness.never"), vars),
      fill(locale_msg("agent_freshness.never_full"), vars), locale_msg("agent_freshness.agent_rec"))
  end
  if age > max_age then
    return verdict("Failed", fill(locale_msg("agent_freshness.stale"), vars),
      fill(locale_msg("agent_freshness.stale_full"), vars), locale_msg("agent_freshness.agent_rec"))
  end
  return verdict("Success", fill(locale_msg("agent_freshness.ok"), vars),
    fill(locale_msg("agent_freshness.ok_full"), vars), locale_msg("common.no_action"))
end
