function validate_result()
  local row = first_row()
  if row == nil or row.archive_mode == nil or row.has_command == nil then
    return could_not_verify("pg_settings: archive_mode, archive_command")
  end
  local vars = { mode = row.archive_mode, archived = row.archived or 0, failed = row.failed or 0, wal = row.last_failed_wal or "" }
  if row.archive_mode == "off" then
    return verdict("Warning", locale_msg("wal_archiving.off"), locale_msg("wal_archiving.off_full"), locale_msg("wal_archiving.rec"))
  end
  if not row.has_command and not row.has_library then
    return verdict("Error", locale_msg("wal_archiving.no_command"), locale_msg("wal_archiving.no_command_full"), locale_msg("wal_archiving.rec"))
  end
  if row.failing then
    return verdict("Error", fill(locale_msg("wal_archiving.failing"), vars), fill(locale_msg("wal_archiving.failing_full"), vars), locale_msg("wal_archiving.failing_rec"))
  end
  -- a command that discards what it is given archives nothing, however often it "succeeds"
  if row.command_discards == true and not row.has_library then
    return verdict("Error", fill(locale_msg("wal_archiving.discards"), vars), fill(locale_msg("wal_archiving.discards_full"), vars), locale_msg("wal_archiving.rec"))
  end
  return verdict("Success", fill(locale_msg("wal_archiving.ok"), vars), fill(locale_msg("wal_archiving.ok_full"), vars), locale_msg("common.no_action"))
end
