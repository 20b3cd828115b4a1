-- A pattern with strftime escapes gives each period its own file; a fixed name grows without bound.
local function judge(rows)
  local name = rows.log_filename.value
  local vars = { log_filename = name }
  if string.find(name, "%%[YmdHMSaAjbBe]") ~= nil then
    return verdict("Success", fill(locale_msg("log_filename.ok"), vars),
      fill(locale_msg("log_filename.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_filename.bad"), vars),
    fill(locale_msg("log_filename.bad_full"), vars), fill(locale_msg("log_filename.rec"), vars))
end

function validate_result()
  return judge_fact_settings({ "log_filename" }, judge)
end
