function validate_result()
  local row = first_row()
  if row == nil or row.ddl_triggers == nil then
    return could_not_verify("pg_event_trigger")
  end
  local vars = { triggers = row.triggers or "", database = row.database }
  if row.enabled > 0 then
    return verdict("Success", fill(locale_msg("ddl_event_trigger.ok"), vars),
      fill(locale_msg("ddl_event_trigger.ok_full"), vars), locale_msg("common.no_action"))
  end
  if row.ddl_triggers > 0 then
    return verdict("Warning", fill(locale_msg("ddl_event_trigger.disabled"), vars),
      fill(locale_msg("ddl_event_trigger.disabled_full"), vars), locale_msg("ddl_event_trigger.enable_rec"))
  end
  return verdict("Warning", fill(locale_msg("ddl_event_trigger.none"), vars),
    fill(locale_msg("ddl_event_trigger.none_full"), vars), locale_msg("ddl_event_trigger.rec"))
end
