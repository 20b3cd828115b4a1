-- Each line must say when (%m/%t/%n), which process or session (%p/%c), who (%u), where (%d) and from where (%h/%r).
local function judge(value)
  local vars = { value = value }
  local missing = {}
  local function wants(label, ...)
    for _, escape in ipairs({ ... }) do
      if string.find(value, escape, 1, true) then return end
    end
    missing[#missing + 1] = label
  end
  wants(locale_msg("log_line_prefix.part_time"), "%m", "%t", "%n")
  wants(locale_msg("log_line_prefix.part_process"), "%p", "%c")
  wants(locale_msg("log_line_prefix.part_user"), "%u")
  wants(locale_msg("log_line_prefix.part_database"), "%d")
  wants(locale_msg("log_line_prefix.part_client"), "%h", "%r")
  vars.missing = table.concat(missing, ", ")
  if value == "" then vars.value = "''" end
  if #missing == 0 then
    return verdict("Success", fill(locale_msg("log_line_prefix.ok"), vars),
      fill(locale_msg("log_line_prefix.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_line_prefix.bad"), vars),
    fill(locale_msg("log_line_prefix.bad_full"), vars), fill(locale_msg("log_line_prefix.rec"), vars))
end

function validate_result()
  return judge_setting("log_line_prefix", judge)
end
