-- off is preferred: reverse DNS costs time per connection and a DNS name can be spoofed; the IP address is logged anyway.
function validate_result()
  local row = first_row()
  if row == nil or row.value == nil then
    return could_not_verify("pg_settings: log_hostname")
  end
  local vars = { value = row.value }
  if setting_on(row.value) == false then
    return verdict("Success", fill(locale_msg("log_hostname.ok"), vars),
      fill(locale_msg("log_hostname.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Info", fill(locale_msg("log_hostname.bad"), vars),
    fill(locale_msg("log_hostname.bad_full"), vars), fill(locale_msg("log_hostname.rec"), vars))
end
