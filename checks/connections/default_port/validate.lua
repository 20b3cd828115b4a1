-- Check whether the server uses the default port 5432
function validate_result()
  local row = first_row()
  if row == nil or row.value == nil then
    return could_not_verify("pg_settings: port")
  end
  local vars = { value = row.value }
  if tonumber(row.value) ~= 5432 then
    return verdict("Success", fill(locale_msg("default_port.ok"), vars),
      fill(locale_msg("default_port.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Info", fill(locale_msg("default_port.bad"), vars),
    fill(locale_msg("default_port.bad_full"), vars), fill(locale_msg("default_port.rec"), vars))
end
