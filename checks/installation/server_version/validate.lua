-- Compares the server's major/minor version with the table shipped in query.sql.
function validate_result()
  local row = first_row()
  if row == nil or row.version_num == nil then
    return could_not_verify("server_version_num")
  end
  local vars = {
    version = row.version,
    latest = row.latest_minor and (row.major .. "." .. row.latest_minor) or "",
    eol = row.eol_date or "",
    table_date = row.table_date or "",
    major = row.major
  }
  local lower = string.lower(row.version or "")
  -- "19devel", "18beta2", "18rc1": letters right after the major number
  if string.match(lower, "^%d+%a") then
    return verdict("Warning", fill(locale_msg("server_version.prerelease"), vars),
      fill(locale_msg("server_version.prerelease_full"), vars), locale_msg("server_version.prerelease_rec"))
  end
  if row.latest_minor == nil then
    if row.major > row.newest_known_major then
      return verdict("Info", fill(locale_msg("server_version.unknown"), vars),
        fill(locale_msg("server_version.unknown_full"), vars), locale_msg("server_version.unknown_rec"))
    end
    return verdict("Error", fill(locale_msg("server_version.eol"), vars),
      fill(locale_msg("server_version.eol_full"), vars), locale_msg("server_version.eol_rec"))
  end
  if row.eol_passed then
    return verdict("Error", fill(locale_msg("server_version.eol"), vars),
      fill(locale_msg("server_version.eol_full"), vars), locale_msg("server_version.eol_rec"))
  end
  if row.minor < row.latest_minor then
    return verdict("Warning", fill(locale_msg("server_version.behind"), vars),
      fill(locale_msg("server_version.behind_full"), vars), fill(locale_msg("server_version.behind_rec"), vars))
  end
  return verdict("Success", fill(locale_msg("server_version.ok"), vars),
    fill(locale_msg("server_version.ok_full"), vars), locale_msg("common.no_action"))
end
