function validate_result()
  local row = first_row()
  if row == nil or row.rls_tables == nil then
    return could_not_verify("pg_class, pg_policy")
  end
  local vars = { database = row.database, ignored = row.ignored_tables or "", not_forced = row.not_forced or "",
                 bypass = row.bypass_roles or "", count = row.rls_tables }
  if row.ignored > 0 then
    return verdict("Warning", fill(locale_msg("rls_configuration.ignored"), vars),
      fill(locale_msg("rls_configuration.ignored_full"), vars), locale_msg("rls_configuration.ignored_rec"))
  end
  if row.rls_tables == 0 then
    return verdict("Info", fill(locale_msg("rls_configuration.unused"), vars),
      locale_msg("rls_configuration.unused_full"), locale_msg("rls_configuration.rec"))
  end
  return verdict("Info", fill(locale_msg("rls_configuration.review"), vars),
    fill(locale_msg("rls_configuration.review_full"), vars), locale_msg("rls_configuration.rec"))
end
