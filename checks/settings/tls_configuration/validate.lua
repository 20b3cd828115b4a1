-- TLS on, no protocol older than TLSv1.2, and no weak cipher classes switched on.
function validate_result()
  local row = first_row()
  if row == nil or row.ssl == nil or row.min_protocol == nil then
    return could_not_verify("pg_settings: ssl, ssl_min_protocol_version")
  end
  local vars = { protocol = row.min_protocol, ciphers = row.ciphers or "?" }
  if not setting_on(row.ssl) then
    return verdict("Warning", locale_msg("tls_configuration.off"), locale_msg("tls_configuration.off_full"), locale_msg("tls_configuration.off_rec"))
  end
  if row.min_protocol ~= "TLSv1.2" and row.min_protocol ~= "TLSv1.3" then
    return verdict("Warning", fill(locale_msg("tls_configuration.old"), vars), fill(locale_msg("tls_configuration.old_full"), vars), locale_msg("tls_configuration.rec"))
  end
  local weak = {}
  for token in string.gmatch(string.upper(row.ciphers or ""), "[^:, ]+") do
    local first = string.sub(token, 1, 1)
    if first ~= "!" and first ~= "-" then
      for _, bad in ipairs({ "NULL", "EXPORT", "LOW", "RC4", "DES", "MD5", "ADH", "AECDH", "MEDIUM" }) do
        if string.find(token, bad, 1, true) then weak[#weak + 1] = token break end
      end
    end
  end
  if #weak > 0 then
    vars.weak = table.concat(weak, ", ")
    return verdict("Warning", fill(locale_msg("tls_configuration.ciphers"), vars), fill(locale_msg("tls_configuration.ciphers_full"), vars), locale_msg("tls_configuration.rec"))
  end
  return verdict("Success", fill(locale_msg("tls_configuration.ok"), vars), fill(locale_msg("tls_configuration.ok_full"), vars), locale_msg("common.no_action"))
end
