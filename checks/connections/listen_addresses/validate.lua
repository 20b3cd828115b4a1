-- Ensure that listen_addresses is not set to all interfaces (*)
local function judge(value)
  local vars = { value = value }
  local items = list_items(value)
  if value == "" then vars.value = "''" end
  if not (list_has(items, "*") or list_has(items, "0.0.0.0") or list_has(items, "::")) then
    return verdict("Success", fill(locale_msg("listen_addresses.ok"), vars),
      fill(locale_msg("listen_addresses.ok_full"), vars), locale_msg("common.no_action"))
  end
  return verdict("Warning", fill(locale_msg("listen_addresses.bad"), vars),
    fill(locale_msg("listen_addresses.bad_full"), vars), fill(locale_msg("listen_addresses.rec"), vars))
end

function validate_result()
  return judge_setting("listen_addresses", judge)
end
