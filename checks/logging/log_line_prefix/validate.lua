-- Each line must say when (%m/%t/%n), which process or session (%p/%c), who (%u), where (%d)
-- and from where (%h/%r). The escapes are those the server expands (row.parsed.escapes: "%%u"
-- is a literal "%u", a dangling "%" or padding ends the prefix, unknown letters print nothing).
local function judge(value, row)
  local vars = { value = shown_value(value) }
  local escapes = row.parsed.escapes or ""
  local missing = {}
  local function wants(label, letters)
    for i = 1, #letters do
      if string.find(escapes, string.sub(letters, i, i), 1, true) then return end
    end
    missing[#missing + 1] = label
  end
  wants(locale_msg("log_line_prefix.part_time"), "mtn")
  wants(locale_msg("log_line_prefix.part_process"), "pc")
  wants(locale_msg("log_line_prefix.part_user"), "u")
  wants(locale_msg("log_line_prefix.part_database"), "d")
  wants(locale_msg("log_line_prefix.part_client"), "hr")
  vars.missing = table.concat(missing, ", ")
  if #missing == 0 then
    return verdict("Success", fill(locale_msg("log_line_prefix.ok"), vars),
      fill(locale_msg("log_line_prefix.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_line_prefix.bad"), vars),
    fill(locale_msg("log_line_prefix.bad_full"), vars), fill(locale_msg("log_line_prefix.rec"), vars))
end

function validate_result()
  return judge_fact_setting("log_line_prefix", judge)
end
