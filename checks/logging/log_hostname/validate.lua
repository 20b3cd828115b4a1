-- off is preferred: reverse DNS costs time per connection and a DNS name can be spoofed; the IP address is logged anyway.
local function judge(value, row)
  local vars = { value = shown_value(value) }
  if row.parsed.on == false then
    return verdict("Success", fill(locale_msg("log_hostname.ok"), vars),
      fill(locale_msg("log_hostname.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Info", fill(locale_msg("log_hostname.bad"), vars),
    fill(locale_msg("log_hostname.bad_full"), vars), fill(locale_msg("log_hostname.rec"), vars))
end

function validate_result()
  return judge_fact_setting("log_hostname", judge)
end
