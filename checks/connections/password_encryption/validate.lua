-- scram-sha-256 is the only strong choice; md5 (and "on" before PostgreSQL 14) is weak.
local function judge(value, row)
  local vars = { value = shown_value(value) }
  if row.parsed.value == "scram-sha-256" then
    return verdict("Success", fill(locale_msg("password_encryption.ok"), vars),
      locale_msg("password_encryption.ok_full"), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("password_encryption.weak"), vars),
    fill(locale_msg("password_encryption.weak_full"), vars), locale_msg("password_encryption.weak_rec"))
end

function validate_result()
  return judge_fact_setting("password_encryption", judge)
end
