// Unit tests of the Lua validator host, unbundled (plain fengari from node_modules).
// Size/step caps inside native string functions come from the bundle patch and are
// tested in lua-bundle-caps.test.ts.
// test-runner: alone (asserts the wall-clock budget of validators)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lauxlib, lua, to_luastring } from 'fengari';
import {
  checkValidatorSource,
  runValidator,
  type ValidatorOutcome,
  type ValidatorRun,
} from '../../src/core/lua/host.js';
import { newSandboxState } from '../../src/core/lua/sandbox.js';
import { VALIDATOR_STATUSES } from '../../src/core/vocabulary.ts';

const CHUNK = 'logging/log_connections/validate.lua';
const clock = () => performance.now();

function run(source: string, extra: Partial<ValidatorRun> = {}): ValidatorOutcome {
  return runValidator({
    source,
    chunkName: CHUNK,
    globals: {},
    localeMsg: (key) => `[${key}]`,
    clock,
    ...extra,
  });
}

function verdictOf(outcome: ValidatorOutcome) {
  assert.ok(outcome.ok, `expected success, got: ${outcome.ok ? '' : outcome.reason}`);
  return outcome.verdict;
}

function reasonOf(outcome: ValidatorOutcome): string {
  assert.equal(outcome.ok, false, 'expected a failed outcome');
  return outcome.ok ? '' : outcome.reason;
}

/** Returns its arguments joined in a "Success" short_description, for probing globals. */
const probe = (expr: string) =>
  `function validate_result() return { status = 'Success', short_description = tostring(${expr}) } end`;

test('realistic validator reads sql_results and returns Warning with localized text', () => {
  const source = `
    local row = sql_results[1]
    function validate_result()
      if row.setting ~= 'on' then
        return { status = 'Warning',
                 short_description = locale_msg('log_connections.bad'),
                 full_description = 'log_connections = ' .. row.setting,
                 recommendation = locale_msg('log_connections.fix') }
      end
      return { status = 'Success', short_description = locale_msg('log_connections.ok'),
               full_description = '', recommendation = '' }
    end`;
  const globals = { sql_results: [{ name: 'log_connections', setting: 'off' }], server_version_num: 180004 };
  assert.deepEqual(verdictOf(run(source, { globals })), {
    status: 'Warning',
    short_description: '[log_connections.bad]',
    full_description: 'log_connections = off',
    recommendation: '[log_connections.fix]',
  });
  const on = { sql_results: [{ name: 'log_connections', setting: 'on' }] };
  assert.equal(verdictOf(run(source, { globals: on })).status, 'Success');
});

test('numbers arrive as Lua integers or floats', () => {
  const globals = { a: 5, b: 2.5, c: 3000000000, d: -2147483648, e: 2147483648, f: 0, g: -7 };
  const v = verdictOf(
    run(probe(`table.concat({math.type(a), math.type(b), math.type(c), math.type(d), math.type(e),
                              math.type(f), math.type(g), a + 1, b * 2, c}, ',')`), { globals }),
  );
  assert.equal(v.short_description, 'integer,float,float,integer,float,integer,integer,6,5.0,3000000000.0');
});

test('Cyrillic strings round-trip both ways', () => {
  const text = 'Журналирование подключений: выкл';
  const v = verdictOf(
    run(
      `function validate_result()
         return { status = 'Info', short_description = s .. '!', full_description = locale_msg('k'),
                  recommendation = tostring(utf8.len(s)) }
       end`,
      { globals: { s: text }, localeMsg: () => 'Включите log_connections' },
    ),
  );
  assert.equal(v.short_description, `${text}!`);
  assert.equal(v.full_description, 'Включите log_connections');
  assert.equal(v.recommendation, String([...text].length));
});

test('null columns are absent, arrays are 1-based sequences, nesting and booleans work', () => {
  const globals = {
    sql_results: [
      { a: null, b: 1, c: true, d: false, nested: { list: ['x', 'y'] } },
      { a: 'A', b: undefined },
    ],
    executor_results: [],
  };
  const v = verdictOf(
    run(
      probe(`(function()
        local r = sql_results[1]
        local keys = 0
        for _ in pairs(r) do keys = keys + 1 end
        return table.concat({ #sql_results, tostring(r.a == nil), keys, tostring(r.c), tostring(r.d),
          r.nested.list[1], r.nested.list[2], #r.nested.list, sql_results[2].a,
          tostring(sql_results[2].b), #executor_results }, ',')
      end)()`),
      { globals },
    ),
  );
  assert.equal(v.short_description, '2,true,4,true,false,x,y,2,A,nil,0');
});

test('dangerous functions and libraries are absent', () => {
  const names = ['os', 'io', 'require', 'load', 'loadstring', 'dofile', 'loadfile', 'collectgarbage',
    'package', 'debug', 'string.dump', 'js', 'fengari'];
  const v = verdictOf(run(probe(`table.concat({${names.map((n) => `type(${n})`).join(',')}}, ',')`)));
  assert.equal(v.short_description, names.map(() => 'nil').join(','));
  // The libraries validators need are there.
  const libs = verdictOf(run(probe(`type(string.format) .. type(table.sort) .. type(math.floor) ..
    type(utf8.char) .. type(coroutine.wrap) .. type(pcall) .. type(print)`)));
  assert.equal(libs.short_description, 'function'.repeat(7));
});

test('calling removed functions fails the validator with a clear reason', () => {
  for (const call of ["os.execute('id')", "io.open('/etc/passwd')", "require('os')", "load('return 1')",
    "dofile('/etc/passwd')"]) {
    const reason = reasonOf(run(`function validate_result() ${call} end`));
    assert.match(reason, /logging\/log_connections\/validate\.lua:1: attempt to (index|call) a nil value/, call);
  }
  // print is there but writes nowhere.
  assert.equal(verdictOf(run(`print('hello') ${probe('1')}`)).short_description, '1');
});

test('binary chunks are refused (text mode only)', () => {
  const reason = reasonOf(run('\x1bLua\x53\x00'));
  assert.match(reason, /validate\.lua.*binary chunk/);
});

test('result shape errors are reported with the chunk name', () => {
  const cases: Array<[string, RegExp]> = [
    ['x = 1', /does not define a global function validate_result \(got nil\)/],
    ['local function validate_result() return {} end', /does not define a global function validate_result/],
    ['function validate_result() return "Success" end', /must return a table, got string/],
    ['function validate_result() end', /must return a table, got nil/],
    ['function validate_result() return {} end', /field "status" must be a string, got nil/],
    ["function validate_result() return { status = 'Passed' } end", /unknown status "Passed"/],
    ["function validate_result() return { status = 'Info', recommendation = {} } end",
      /field "recommendation" must be a string, got table/],
    ["function validate_result() local t = nil; return t.x end", /validate\.lua:1: attempt to index/],
    ["function validate_result() error('boom') end", /failed: .*validate\.lua:1: boom/],
    ["function validate_result() error({}) end", /error object is a table value/],
    ["error('at load time')", /failed while loading: .*validate\.lua:1: at load time/],
    ['function validate_result( return end', /does not compile: .*validate\.lua:1:/],
  ];
  for (const [source, expected] of cases) {
    const reason = reasonOf(run(source));
    assert.match(reason, expected, source);
    assert.ok(reason.includes(CHUNK), `reason names the chunk: ${reason}`);
  }
});

test('nil descriptions become "", numbers are converted with tostring', () => {
  assert.deepEqual(verdictOf(run("function validate_result() return { status = 'Error', short_description = 42, full_description = 1.5 } end")), {
    status: 'Error',
    short_description: '42',
    full_description: '1.5',
    recommendation: '',
  });
  for (const status of VALIDATOR_STATUSES) {
    assert.equal(verdictOf(run(`function validate_result() return { status = '${status}' } end`)).status, status);
  }
});

test('the instruction budget stops infinite loops, also through pcall and coroutines', () => {
  const loops = [
    'while true do end',
    'function validate_result() while true do end end',
    'while true do pcall(function() while true do end end) end',
    'function validate_result() while true do pcall(error, "x") end end',
    `local co = coroutine.wrap(function() while true do coroutine.yield() end end)
     while true do co() end`,
    `local co = coroutine.create(function() while true do end end)
     while true do coroutine.resume(co) end`,
    'local function f() return f() end f()',
    // Catching the budget error and returning normally must not work either.
    `function validate_result()
       for i = 1, 20 do pcall(function() while true do end end) end
       return { status = 'Success' }
     end`,
  ];
  for (const source of loops) {
    const started = performance.now();
    const outcome = run(source, { maxInstructions: 1_000_000, maxMilliseconds: 1000 });
    const elapsed = performance.now() - started;
    // Coroutine switches are slow in fengari (~20 us), so those loops may hit the clock first.
    assert.match(reasonOf(outcome),
      /validate\.lua exceeded its (instruction budget \(1000000 instructions\)|time budget \(1000 ms\))/, source);
    assert.ok(elapsed < 2000, `took ${elapsed} ms: ${source}`);
  }
});

test('the time budget uses the injected clock', () => {
  let now = 0;
  const fakeClock = () => (now += 10); // every hook call "takes" 10 ms
  const outcome = run('while true do pcall(function() while true do end end) end', {
    clock: fakeClock,
    maxMilliseconds: 500,
  });
  assert.match(reasonOf(outcome), /exceeded its time budget \(500 ms\)/);
  // Real clock, default instruction budget, short deadline.
  const started = performance.now();
  assert.match(reasonOf(run('while true do end', { maxMilliseconds: 50, maxInstructions: 1e12 })), /time budget \(50 ms\)/);
  assert.ok(performance.now() - started < 1000);
});

test('instruction counts are reported (in steps of 1000)', () => {
  const outcome = run(`local n = 0 for i = 1, 100000 do n = n + 1 end ${probe('n')}`);
  assert.equal(verdictOf(outcome).short_description, '100000');
  assert.ok(outcome.instructions !== undefined && outcome.instructions >= 100_000);
});

test('string.rep is capped even without the bundle patch', () => {
  assert.match(reasonOf(run("x = string.rep('x', 1e8)")), /string\.rep result too large/);
  assert.match(reasonOf(run("x = ('ab'):rep(3e6, ',')")), /string\.rep result too large/);
  assert.equal(verdictOf(run(probe("('ab'):rep(3, ',')"))).short_description, 'ab,ab,ab');
  const started = performance.now();
  assert.equal(verdictOf(run(probe("#(''):rep(2147483647) .. #string.rep('', 2^30, '')"))).short_description, '00');
  assert.ok(performance.now() - started < 500);
});

test('table.move refuses huge ranges (its loop is native), small moves work', () => {
  const started = performance.now();
  assert.match(reasonOf(run('table.move({}, 1, 2^30, 2)')), /validate\.lua:1: table\.move of more than 1000000 elements refused/);
  assert.ok(performance.now() - started < 500);
  assert.equal(verdictOf(run(probe("table.concat(table.move({1, 2, 3}, 1, 3, 2), ',')"))).short_description, '1,1,2,3');
  assert.equal(verdictOf(run(probe("#table.move({1, 2, 3}, 1, 3, 1, {})"))).short_description, '3');
});

test('never throws: host-side failures become outcomes', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.match(reasonOf(run(probe('1'), { globals: { cyclic } })), /crashed the Lua host: value nested deeper/);
  const reason = reasonOf(run(`function validate_result() return { status = locale_msg('x') } end`, {
    localeMsg: () => {
      throw new Error('no such key');
    },
  }));
  assert.match(reason, /locale_msg failed: no such key/);
  // A JS error caught by pcall inside Lua stays a Lua error string.
  const v = verdictOf(run(`
    local ok, err = pcall(locale_msg, 'x')
    function validate_result() return { status = 'Info', short_description = tostring(ok) .. ' ' .. type(err) } end`,
  { localeMsg: () => { throw new TypeError('bad'); } }));
  assert.equal(v.short_description, 'false string');
  // A clock that breaks mid-run: the hook's JS exception becomes a Lua error.
  let calls = 0;
  const brokenClock = () => {
    if (calls++ > 0) throw new Error('clock broke');
    return 0;
  };
  assert.match(reasonOf(run('while true do end', { clock: brokenClock })), /validate\.lua.*clock broke/);
  assert.match(reasonOf(run(probe('1'), { clock: () => { throw new Error('clock broke'); } })), /crashed the Lua host: clock broke/);
});

test('lua_atnativeerror turns a raw JS exception inside pcall into a string', () => {
  const L = newSandboxState();
  lua.lua_pushcfunction(L, () => {
    throw new TypeError('raw JS failure');
  });
  lua.lua_setglobal(L, to_luastring('explode'));
  const src = to_luastring("local ok, e = pcall(explode) return type(e) .. ':' .. e");
  assert.equal(lauxlib.luaL_loadbufferx(L, src, src.length, to_luastring('=t'), to_luastring('t')), lua.LUA_OK);
  assert.equal(lua.lua_pcall(L, 0, 1, 0), lua.LUA_OK);
  const out = lua.lua_tolstring(L, -1);
  assert.ok(out);
  assert.match(new TextDecoder().decode(out), /^string:internal error: TypeError: raw JS failure$/);
});

test('checkValidatorSource compiles without running and checks validate_result is defined', () => {
  assert.equal(checkValidatorSource('function validate_result() return {} end', CHUNK), null);
  assert.equal(checkValidatorSource('validate_result = function() return {} end', CHUNK), null);
  assert.equal(checkValidatorSource('while true do end function validate_result() end', CHUNK), null);
  assert.equal(checkValidatorSource('local x = 1\nvalidate_result = function() return {} end', CHUNK), null);
  assert.equal(checkValidatorSource('local x = 1\nfunction validate_result () end', CHUNK), null);
  assert.match(checkValidatorSource('local validate_result = function() end', CHUNK) ?? '', /does not define/);
  assert.match(checkValidatorSource('local M = {}\nM.validate_result = function() end', CHUNK) ?? '', /does not define/);
  const syntax = checkValidatorSource('local x = 1\nfunction validate_result(\n  return 1\nend', CHUNK);
  assert.match(syntax ?? '', /^syntax error in logging\/log_connections\/validate\.lua:3: /);
  assert.match(checkValidatorSource('x = 1', CHUNK) ?? '', /validate\.lua: does not define validate_result/);
  assert.match(checkValidatorSource('local function validate_result() end', CHUNK) ?? '', /does not define/);
  assert.match(checkValidatorSource('\x1bLua', CHUNK) ?? '', /^logging\/log_connections\/validate\.lua: .*binary chunk/);
  // The shared compile state keeps working after errors.
  assert.equal(checkValidatorSource('function validate_result() end', 'a.lua'), null);
});

test('performance: fresh state + trivial validator, 200 iterations', () => {
  const source = "function validate_result() return { status = sql_results[1].setting == 'on' and 'Success' or 'Warning' } end";
  const globals = { sql_results: [{ name: 'log_connections', setting: 'on' }] };
  run(source, { globals }); // warm-up
  const n = 200;
  const started = performance.now();
  for (let i = 0; i < n; i++) assert.equal(verdictOf(run(source, { globals })).status, 'Success');
  const perRun = (performance.now() - started) / n;
  console.log(`# runValidator (new state + trivial validator): ${perRun.toFixed(3)} ms/run over ${n} runs`);
  const compileStarted = performance.now();
  for (let i = 0; i < n; i++) assert.equal(checkValidatorSource(source, CHUNK), null);
  console.log(`# checkValidatorSource: ${((performance.now() - compileStarted) / n).toFixed(3)} ms/call`);
  assert.ok(perRun < 50);
});
