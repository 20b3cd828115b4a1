-- Check whether the server uses the default port 5432
local function judge(value)
  local vars = { value = value }
  if tonumber(value) ~= 5432 then
    return verdict("Success", fill(locale_msg("default_port.ok"), vars),
      fill(locale_msg("default_port.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Info", fill(locale_msg("default_port.bad"), vars),
    fill(locale_msg("default_port.bad_full"), vars), fill(locale_msg("default_port.rec"), vars))
end

function validate_result()
  return judge_setting("port", judge)
end
