// Validators share nothing but the session's cache of compiled chunks: one validator cannot
// change the next one's globals or library functions, and a chunk read back from the cache
// behaves (verdicts, budgets, error positions) exactly as the text it was parsed from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runValidator, type ValidatorOutcome } from '../../src/core/lua/host.js';

const clock = () => performance.now();
const run = (source: string, chunkName = 'a/validate.lua', globals: Record<string, unknown> = {}): ValidatorOutcome =>
  runValidator({ source, chunkName, globals, localeMsg: (k) => k, clock, maxInstructions: 200_000 });
const shortOf = (o: ValidatorOutcome) => { assert.equal(o.ok, true, JSON.stringify(o)); return (o as { verdict: { short_description: string } }).verdict.short_description; };

const VANDAL = `
leaked = "yes"
string.upper = function() return "hijacked" end
table.concat = function() return "hijacked" end
math.max = function() return -1 end
local mt = getmetatable("")
if type(mt) == "table" then pcall(function() mt.__index = { lower = function() return "hijacked" end } end) end
_G.sql_results = { { v = "forged" } }
tostring = function() return "hijacked" end
function validate_result() return { status = "Success", short_description = "vandal ran" } end`;

const PROBE = `
function validate_result()
  local parts = {
    tostring(leaked), string.upper("a"), table.concat({ "b", "c" }), tostring(math.max(1, 2)),
    ("D"):lower(), tostring(sql_results and sql_results[1] and sql_results[1].v),
  }
  return { status = "Success", short_description = table.concat(parts, ",") }
end`;

test('one validator cannot affect the next one\'s globals or library functions', () => {
  assert.equal(shortOf(run(PROBE, 'probe.lua', { sql_results: [{ v: 'real' }] })), 'nil,A,bc,2,d,real');
  for (let i = 0; i < 2; i++) { // the second time both come from the chunk cache
    assert.equal(shortOf(run(VANDAL, 'vandal.lua')), 'vandal ran');
    assert.equal(shortOf(run(PROBE, 'probe.lua', { sql_results: [{ v: 'real' }] })), 'nil,A,bc,2,d,real');
  }
});

test('a cached chunk keeps error positions, budgets and fresh globals', () => {
  const failing = 'function validate_result()\n  local x = nil\n  return x.field\nend';
  const first = run(failing, 'fails.lua');
  const second = run(failing, 'fails.lua');
  assert.equal(first.ok, false);
  assert.deepEqual(second, first);
  assert.match((first as { reason: string }).reason, /fails\.lua:3:/);
  const loop = 'function validate_result() while true do end end';
  for (let i = 0; i < 2; i++) {
    const o = run(loop, 'loop.lua');
    assert.equal(o.ok, false);
    assert.equal((o as { problem: { key: string } }).problem.key, 'instructions');
  }
  // the same text under another name is its own entry: messages name the script that ran
  const renamed = run(failing, 'other.lua');
  assert.match((renamed as { reason: string }).reason, /other\.lua:3:/);
  const counter = 'n = (n or 0) + 1\nfunction validate_result() return { status = "Success", short_description = tostring(n) } end';
  assert.equal(shortOf(run(counter, 'counter.lua')), '1');
  assert.equal(shortOf(run(counter, 'counter.lua')), '1');
});

test('a stored pack\'s compiled chunk runs like its text; a corrupt chunk falls back to the text', async () => {
  const { compileChunk, fromBase64, toBase64 } = await import('../../src/core/lua/host.js');
  for (const n of [0, 1, 2, 3, 4, 5, 255]) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255);
    assert.deepEqual(fromBase64(toBase64(bytes)), bytes);
    assert.equal(toBase64(bytes), Buffer.from(bytes).toString('base64'));
  }
  assert.equal(fromBase64('ab$='), null);
  const source = 'function validate_result()\n  local t = sql_results[1]\n  if t.v == "x" then error("boom") end\n  return { status = "Warning", short_description = t.v }\nend';
  const chunk = compileChunk(source, 'stored/v.lua');
  assert.ok(chunk);
  const viaChunk = (name: string, v: string, c: string | undefined) => runValidator({ source, chunk: c, chunkName: name, globals: { sql_results: [{ v }] }, localeMsg: (k) => k, clock });
  assert.deepEqual(viaChunk('stored/v.lua', 'ok', chunk), { ok: true, verdict: { status: 'Warning', short_description: 'ok', full_description: '', recommendation: '' }, instructions: 0 });
  const failed = viaChunk('stored/v2.lua', 'x', chunk);
  assert.match((failed as { reason: string }).reason, /v\.lua:3: boom/);
  assert.equal(shortOf(viaChunk('stored/v3.lua', 'text', 'AAAA' + chunk!.slice(4))), 'text');
  assert.equal(compileChunk('function (', 'bad.lua'), null);
});

// Validators run in one Lua state per session; these try every shared thing a script can
// name: the string metatable, library tables (also through rawset and method calls), _G and
// the state's own global table, metatables on the environment, coroutines left suspended.
const SHARED_VANDAL = `
local mt = getmetatable("")
if type(mt) == "table" then mt.__index = { upper = function() return "hijacked" end }; mt.__metatable = "locked" end
rawset(string, "upper", function() return "hijacked" end)
string.lower = function() return "hijacked" end
setmetatable(_G, { __index = function(_, k) return "from vandal " .. k end })
stash = coroutine.create(function() while true do coroutine.yield("vandal") end end)
coroutine.resume(stash)
local ok = pcall(function() rawset(getmetatable(_G) or {}, "x", 1) end)
function validate_result() return { status = "Success", short_description = "vandal ran" } end`;

const SHARED_PROBE = `
function validate_result()
  local mt = getmetatable("")
  local parts = {
    ("a"):upper(), string.upper("b"), ("C"):lower(), tostring(rawget(_G, "stash")), tostring(missing_global),
    type(mt), tostring(type(mt) == "table" and mt.__metatable), tostring(_G == _ENV),
  }
  return { status = "Success", short_description = table.concat(parts, ",") }
end`;

test('validators sharing one Lua state cannot reach each other through the string metatable, libraries or _G', () => {
  const clean = 'A,B,c,nil,nil,table,nil,true';
  assert.equal(shortOf(run(SHARED_PROBE, 'shared-probe.lua')), clean);
  for (let i = 0; i < 2; i++) {
    assert.equal(shortOf(run(SHARED_VANDAL, 'shared-vandal.lua')), 'vandal ran');
    assert.equal(shortOf(run(SHARED_PROBE, 'shared-probe.lua')), clean);
  }
  // inside one validator, method calls still see its own string table (as in a state of its own)
  const own = 'string.upper = function() return "own" end\nfunction validate_result() return { status = "Info", short_description = ("x"):upper() } end';
  assert.equal(shortOf(run(own, 'own.lua')), 'own');
  assert.equal(shortOf(run(SHARED_PROBE, 'shared-probe.lua')), clean);
});

test('a validator stopped by its budget leaves nothing behind for the next one', () => {
  const runaway = 'string.upper = function() return "leaked" end\nfunction validate_result() while true do end end';
  const o = run(runaway, 'runaway.lua');
  assert.equal(o.ok, false);
  assert.equal(shortOf(run(SHARED_PROBE, 'shared-probe.lua')), 'A,B,c,nil,nil,table,nil,true');
});
