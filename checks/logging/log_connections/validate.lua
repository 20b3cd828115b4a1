-- What a value of log_connections does not log: nil when it logs every login aspect.
-- row.parsed.aspects is what the server logs: on 13-17 a boolean ("on" = all three), on 18+
-- a list of aspects, "all", or one of the old boolean words alone.
local function missing_aspects(row)
  local aspects = row.parsed.aspects or {}
  local missing = {}
  for _, aspect in ipairs({ "authentication", "authorization", "receipt" }) do
    if not list_has(aspects, aspect) then missing[#missing + 1] = aspect end
  end
  if #missing == 0 then return nil end
  return table.concat(missing, ",")
end

local function judge(value, row)
  local list_syntax = (server_version_num or 0) >= 180000
  local missing = missing_aspects(row)
  local vars = { value = shown_value(value), missing = missing or "" }
  if missing == nil then
    return verdict("Success", fill(locale_msg("log_connections.ok"), vars),
      locale_msg("log_connections.ok_full"), locale_msg("common.no_action"))
  end
  -- on PostgreSQL 18 a partial list still logs something; an empty one logs nothing
  if list_syntax and missing ~= "authentication,authorization,receipt" then
    return verdict("Warning", fill(locale_msg("log_connections.partial"), vars),
      fill(locale_msg("log_connections.partial_full"), vars), locale_msg("log_connections.rec_18"))
  end
  local recommendation = locale_msg("log_connections.rec")
  if list_syntax then recommendation = locale_msg("log_connections.rec_18") end
  return verdict("Warning", fill(locale_msg("log_connections.off"), vars),
    locale_msg("log_connections.off_full"), recommendation)
end

function validate_result()
  return judge_fact_setting("log_connections", judge, { log_output = true })
end
