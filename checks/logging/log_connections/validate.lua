-- What a value of log_connections does not log: nil when it logs every login aspect.
-- 13-17: a boolean. 18+: a list of aspects, 'all' (alone or among others) or a boolean spelling.
local function missing_aspects(value, list_syntax)
  local v = string.lower(value)
  if not list_syntax then
    if setting_on(v) then return nil end
    return "connections"
  end
  if setting_on(v) == true then return nil end
  if setting_on(v) == false or v == "" then return "authentication,authorization,receipt" end
  local items = list_items(v)
  if list_has(items, "all") then return nil end
  local missing = {}
  for _, aspect in ipairs({ "authentication", "authorization", "receipt" }) do
    if not list_has(items, aspect) then missing[#missing + 1] = aspect end
  end
  if #missing == 0 then return nil end
  return table.concat(missing, ",")
end

local function judge(value, row)
  local missing = missing_aspects(value, row.list_syntax)
  local vars = { value = value, missing = missing or "" }
  if vars.value == "" then vars.value = "''" end
  if missing == nil then
    return verdict("Success", fill(locale_msg("log_connections.ok"), vars),
      locale_msg("log_connections.ok_full"), locale_msg("common.no_action"))
  end
  -- on PostgreSQL 18 a partial list still logs something; an empty one logs nothing
  if row.list_syntax and missing ~= "authentication,authorization,receipt" then
    return verdict("Warning", fill(locale_msg("log_connections.partial"), vars),
      fill(locale_msg("log_connections.partial_full"), vars), locale_msg("log_connections.rec_18"))
  end
  local recommendation = locale_msg("log_connections.rec")
  if row.list_syntax then recommendation = locale_msg("log_connections.rec_18") end
  return verdict("Warning", fill(locale_msg("log_connections.off"), vars),
    locale_msg("log_connections.off_full"), recommendation)
end

function validate_result()
  return judge_setting("log_connections", judge)
end
