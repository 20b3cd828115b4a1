function validate_result()
  local row = first_row()
  if row == nil or row.schema_exists == nil then
    return could_not_verify("pg_namespace")
  end
  local vars = { database = row.database, owner = row.owner or "" }
  if row.public_create then
    return verdict("Warning", fill(locale_msg("public_schema.bad"), vars),
      fill(locale_msg("public_schema.bad_full"), vars), locale_msg("public_schema.rec"))
  end
  return verdict("Success", fill(locale_msg("public_schema.ok"), vars),
    locale_msg("public_schema.ok_full"), locale_msg("common.no_action"))
end
