-- TLS on, no protocol older than TLSv1.2, and no weak cipher classes switched on. ssl_ciphers
-- is read from its OpenSSL keywords (row.parsed.weak, row.parsed.anull_classes: see
-- src/core/settings/ciphers.ts and docs/verdicts.md), not expanded by OpenSSL.
local function judge(rows)
  local protocol = rows.ssl_min_protocol_version.parsed.value
  local ciphers = rows.ssl_ciphers.parsed
  local vars = { protocol = shown_value(protocol), ciphers = shown_value(rows.ssl_ciphers.value) }
  if rows.ssl.parsed.on ~= true then
    return verdict("Warning", locale_msg("tls_configuration.off"), locale_msg("tls_configuration.off_full"), locale_msg("tls_configuration.off_rec"))
  end
  if protocol ~= "TLSv1.2" and protocol ~= "TLSv1.3" then
    return verdict("Warning", fill(locale_msg("tls_configuration.old"), vars), fill(locale_msg("tls_configuration.old_full"), vars), locale_msg("tls_configuration.rec"))
  end
  local weak = {}
  for _, w in ipairs(ciphers.weak or {}) do
    local token, classes = string.match(w, "^(%S+) %((.*)%)$")
    if token then
      weak[#weak + 1] = fill(locale_msg("tls_configuration.all_weak"), { token = token, classes = string.gsub(classes, ", ", ":!") })
    else
      weak[#weak + 1] = w
    end
  end
  if #(ciphers.anull_classes or {}) > 0 then
    weak[#weak + 1] = fill(locale_msg("tls_configuration.anull"), { classes = table.concat(ciphers.anull_classes, ":") })
  end
  if #weak > 0 then
    vars.weak = table.concat(weak, ", ")
    return verdict("Warning", fill(locale_msg("tls_configuration.ciphers"), vars), fill(locale_msg("tls_configuration.ciphers_full"), vars), locale_msg("tls_configuration.rec"))
  end
  return verdict("Success", fill(locale_msg("tls_configuration.ok"), vars), fill(locale_msg("tls_configuration.ok_full"), vars), locale_msg("common.no_action"))
end

function validate_result()
  return judge_fact_settings({ "ssl", "ssl_min_protocol_version", "ssl_ciphers" }, judge)
end
