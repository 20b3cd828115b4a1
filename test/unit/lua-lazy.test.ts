// Lazy validator globals (LazyLuaValue, src/core/lua/convert.ts): a check's facts and
// executor_results reach Lua only when a validator reads them, and read like plain tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LazyLuaValue, runValidator } from '../../src/core/lua/host.ts';

const clock = () => performance.now();
const run = (source: string, globals: Record<string, unknown>) => {
  const o = runValidator({ source, chunkName: 'lazy.lua', globals, localeMsg: (k) => k, clock });
  assert.equal(o.ok, true, JSON.stringify(o));
  return (o as { verdict: { short_description: string } }).verdict.short_description;
};

test('a lazy table reads as the eager one: index, #, ipairs, pairs, missing keys', () => {
  const facts = { roles: [{ name: 'a', n: 1 }, { name: 'b', n: 2 }, null, { name: 'd', n: 4 }], empty: [] as unknown[], nothing: null };
  const source = `function validate_result()
    local r = facts.roles
    local seen = {}
    for i, row in ipairs(r) do seen[#seen + 1] = i .. "=" .. row.name end
    local keys = {}
    for k in pairs(facts) do keys[#keys + 1] = k end
    table.sort(keys)
    return { status = "Info", short_description = table.concat(seen, ",") .. "|" .. #r .. "|" .. r[4].n .. "|" ..
      tostring(facts.ghost) .. "|" .. tostring(facts.nothing) .. "|" .. #facts.empty .. "|" .. table.concat(keys, ",") ..
      "|" .. tostring(r[0]) .. "|" .. tostring(r.x) }
  end`;
  const eager = run(source, { facts });
  const lazy = run(source, { facts: new LazyLuaValue({ roles: new LazyLuaValue(facts.roles as unknown[]).value, empty: [], nothing: null }) });
  assert.equal(eager, '1=a,2=b|4|4|nil|nil|0|empty,roles|nil|nil');
  assert.equal(lazy, eager);
});

test('a validator that does not read a lazy global never converts it', () => {
  let reads = 0;
  const rows = Array.from({ length: 1000 }, (_, i) => ({ role: `r${i}` }));
  const watched = new Proxy(rows, { get(target, key, receiver) { reads++; return Reflect.get(target, key, receiver); } });
  assert.equal(run('function validate_result() return { status = "Info", short_description = "ok" } end', { facts: new LazyLuaValue({ big: watched }) }), 'ok');
  assert.equal(reads, 0, 'the rows were not touched');
  assert.equal(run('function validate_result() return { status = "Info", short_description = facts.big[1000].role } end', { facts: new LazyLuaValue({ big: watched }) }), 'r999');
  assert.ok(reads > 0);
  // the eager path walks every row
  reads = 0;
  run('function validate_result() return { status = "Info", short_description = "ok" } end', { facts: { big: watched } });
  assert.ok(reads >= 1000, `eager conversion read ${reads} members`);
});
