-- Host lines that accept all addresses or an IPv4 range wider than /16 (IPv6 wider than /48).
function validate_result()
  local row = first_row()
  if row == nil or row.count == nil then
    return could_not_verify("pg_hba_file_rules")
  end
  local vars = { count = row.count, list = row.list or "" }
  if row.count > 0 then
    return verdict("Warning", fill(locale_msg("authorized_ip_ranges.bad"), vars),
      fill(locale_msg("authorized_ip_ranges.bad_full"), vars), fill(locale_msg("authorized_ip_ranges.rec"), vars))
  end
  return verdict("Success", fill(locale_msg("authorized_ip_ranges.ok"), vars),
    fill(locale_msg("authorized_ip_ranges.ok_full"), vars), locale_msg("common.no_action"))
end
