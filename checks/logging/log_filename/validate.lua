-- A pattern with strftime escapes gives each period its own file; a fixed name grows without bound.
function validate_result()
  local row = first_row()
  if row == nil or row.log_filename == nil then
    return could_not_verify("pg_settings: log_filename")
  end
  local vars = { log_filename = row.log_filename }
  if string.find(row.log_filename, "%%[YmdHMSaAjbBe]") ~= nil then
    return verdict("Success", fill(locale_msg("log_filename.ok"), vars),
      fill(locale_msg("log_filename.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("log_filename.bad"), vars),
    fill(locale_msg("log_filename.bad_full"), vars), fill(locale_msg("log_filename.rec"), vars))
end
