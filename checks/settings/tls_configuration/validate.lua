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
  local tokens = {}
  for token in string.gmatch(string.upper(row.ciphers or ""), "[^:, ]+") do tokens[#tokens + 1] = token end
  -- Anonymous suites (aNULL: ADH, AECDH) authenticate no server; OpenSSL puts them in HIGH,
  -- ALL, AES, kDHE, ... so a list of cipher classes must remove them with !aNULL.
  local anull_removed = false
  for _, token in ipairs(tokens) do
    if token == "!ANULL" or token == "-ANULL" then anull_removed = true end
  end
  local anull_classes = {}
  for i, token in ipairs(tokens) do
    -- "!X" and "-X" remove ciphers and "+X" only moves already enabled ones to the end:
    -- none of them enables anything
    local first = string.sub(token, 1, 1)
    if first ~= "!" and first ~= "-" and first ~= "+" and first ~= "@" then
      local is_weak = false
      for _, bad in ipairs({ "NULL", "EXPORT", "LOW", "RC4", "DES", "MD5", "ADH", "AECDH", "MEDIUM" }) do
        if string.find(token, bad, 1, true) then weak[#weak + 1] = token is_weak = true break end
      end
      -- ALL (and COMPLEMENTOFALL) expand to every suite the OpenSSL build has, MEDIUM and,
      -- with weak ciphers compiled in, LOW/3DES/RC4: weak unless MEDIUM and LOW are banned
      -- ("!X" anywhere) or removed ("-X") after it. This is a reading of the keywords, not
      -- OpenSSL's expansion (the check runs in SQL, without the server's OpenSSL).
      if not is_weak and (token == "ALL" or token == "COMPLEMENTOFALL") then
        local left = {}
        for _, class in ipairs({ "MEDIUM", "LOW" }) do
          local gone = false
          for j, other in ipairs(tokens) do
            if other == "!" .. class or (j > i and other == "-" .. class) then gone = true end
          end
          if not gone then left[#left + 1] = class end
        end
        if #left > 0 then
          weak[#weak + 1] = fill(locale_msg("tls_configuration.all_weak"), { token = token, classes = table.concat(left, ":!") })
          is_weak = true
        end
      end
      -- a class (suite names contain "-"); DEFAULT already leaves out aNULL
      if not is_weak and not anull_removed and token ~= "DEFAULT" and not string.find(token, "-", 1, true) then
        anull_classes[#anull_classes + 1] = token
      end
    end
  end
  if #anull_classes > 0 then
    weak[#weak + 1] = fill(locale_msg("tls_configuration.anull"), { classes = table.concat(anull_classes, ":") })
  end
  if #weak > 0 then
    vars.weak = table.concat(weak, ", ")
    return verdict("Warning", fill(locale_msg("tls_configuration.ciphers"), vars), fill(locale_msg("tls_configuration.ciphers_full"), vars), locale_msg("tls_configuration.rec"))
  end
  return verdict("Success", fill(locale_msg("tls_configuration.ok"), vars), fill(locale_msg("tls_configuration.ok_full"), vars), locale_msg("common.no_action"))
end
