-- Ensure that listen_addresses does not bind every interface. The postmaster binds each list
-- entry as getaddrinfo resolves it: "*" is every address of both families; an IPv4 entry in
-- any form inet_aton accepts (1 to 4 parts, each decimal, 0-octal or 0x-hex: "0", "0.0",
-- "00.0.0.0", "0x0") whose value is 0 is 0.0.0.0, every IPv4 interface; an IPv6 entry of only
-- zeros ("::", "0::0", "::0.0.0.0", "::ffff:0.0.0.0") is every IPv6 interface. Host names are
-- resolved on the server's host and cannot be judged here (localhost is the loopback).

-- every part parses as inet_aton would, and every part is zero
local function ipv4_any(item)
  local parts = {}
  for part in string.gmatch(item .. ".", "([^.]*)%.") do parts[#parts + 1] = part end
  if #parts < 1 or #parts > 4 then return false end
  for _, part in ipairs(parts) do
    local zero
    if string.match(part, "^0[x]%x+$") then zero = string.match(part, "^0x0+$") ~= nil
    elseif string.match(part, "^0[0-7]*$") then zero = string.match(part, "^0+$") ~= nil
    elseif string.match(part, "^[1-9]%d*$") then zero = false
    else return false end
    if not zero then return false end
  end
  return true
end

-- an IPv6 literal (optionally with an embedded IPv4 tail) whose address is all zeros, or the
-- IPv4-mapped form of 0.0.0.0
local function ipv6_any(item)
  if not string.find(item, ":", 1, true) then return false end
  local bare = string.gsub(item, "%%.*$", "")
  if string.match(bare, "^[0:.]+$") then return true end
  return string.match(bare, "^[0:]*ffff:0+%.0+%.0+%.0+$") ~= nil
end

local function binds_everywhere(item)
  return item == "*" or ipv4_any(item) or ipv6_any(item)
end

local function judge(value)
  local vars = { value = value }
  local items = list_items(value)
  if value == "" then vars.value = "''" end
  for _, item in ipairs(items) do
    if binds_everywhere(item) then
      return verdict("Warning", fill(locale_msg("listen_addresses.bad"), vars),
        fill(locale_msg("listen_addresses.bad_full"), vars), fill(locale_msg("listen_addresses.rec"), vars))
    end
  end
  return verdict("Success", fill(locale_msg("listen_addresses.ok"), vars),
    fill(locale_msg("listen_addresses.ok_full"), vars), locale_msg("common.no_action"))
end

function validate_result()
  return judge_setting("listen_addresses", judge)
end
