// Bundles the Lua host with build/fengari-plugin.mjs the way the in-database bundle is
// built, runs it in a bare node:vm context (no require, no process, no console) and checks
// the caps the plugin patches into fengari: concatenation/buffer size, the per-state string
// budget and pattern-matching steps. Without them these scripts run for minutes in pljs.
// test-runner: alone (asserts how fast the caps stop a script)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import * as esbuild from 'esbuild';
import type { ValidatorOutcome, ValidatorRun } from '../../src/core/lua/host.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir = '';
let bundleText = '';
let host: {
  runValidator: (run: ValidatorRun) => ValidatorOutcome;
  checkValidatorSource: (source: string, chunkName: string) => string | null;
};

before(async () => {
  // Imported through a variable: the plugin is plain .mjs without type declarations.
  const pluginPath = path.join(root, 'build/fengari-plugin.mjs');
  const { fengariPlugin } = (await import(pluginPath)) as { fengariPlugin: () => esbuild.Plugin };
  dir = mkdtempSync(path.join(tmpdir(), 'sec-check-lua-'));
  const entry = path.join(dir, 'entry.ts');
  const hostPath = path.join(root, 'src/core/lua/host.ts');
  writeFileSync(entry, `export { runValidator, checkValidatorSource } from ${JSON.stringify(hostPath)};\n`);
  await esbuild.build({
    entryPoints: [entry],
    outfile: path.join(dir, 'bundle.js'),
    bundle: true,
    platform: 'neutral',
    format: 'iife',
    globalName: 'secCheckLua',
    target: 'es2022',
    define: { process: 'undefined' },
    plugins: [fengariPlugin()],
    absWorkingDir: root,
    logLevel: 'error',
  });
  bundleText = readFileSync(path.join(dir, 'bundle.js'), 'utf8');
  const context = vm.createContext({}); // nothing but the ECMAScript built-ins
  vm.runInContext(`${bundleText};\nglobalThis.secCheckLua = secCheckLua;`, context);
  host = context.secCheckLua;
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const clock = () => performance.now();

function run(source: string, maxMilliseconds?: number): { outcome: ValidatorOutcome; ms: number } {
  const started = performance.now();
  const outcome = host.runValidator({
    source,
    chunkName: 'caps/validate.lua',
    globals: { sql_results: [{ setting: 'on' }] },
    localeMsg: (k) => k,
    clock,
    ...(maxMilliseconds === undefined ? {} : { maxMilliseconds }),
  });
  // The outcome comes from another realm: make it a plain object of this one.
  return { outcome: JSON.parse(JSON.stringify(outcome)) as ValidatorOutcome, ms: performance.now() - started };
}

function expectFailure(source: string, expected: RegExp, maxMs = 1500, budgetMs?: number): void {
  const { outcome, ms } = run(source, budgetMs);
  assert.equal(outcome.ok, false, `should fail: ${source}`);
  if (!outcome.ok) assert.match(outcome.reason, expected, source);
  assert.ok(ms < maxMs, `took ${ms.toFixed(0)} ms: ${source}`);
}

const ok = (expr: string) =>
  `function validate_result() return { status = 'Success', short_description = tostring(${expr}) } end`;

test('the bundle references no require() and no process', () => {
  assert.doesNotMatch(bundleText, /\brequire\(/);
  assert.doesNotMatch(bundleText, /\bprocess\./);
  assert.doesNotMatch(bundleText, /\bprocess\b/);
});

test('a realistic validator works in the bare bundle', () => {
  const { outcome } = run(`function validate_result()
    local s = sql_results[1].setting
    return { status = s == 'on' and 'Success' or 'Warning', short_description = 'setting ' .. s } end`);
  assert.deepEqual(outcome.ok && outcome.verdict, {
    status: 'Success', short_description: 'setting on', full_description: '', recommendation: '',
  });
  assert.equal(host.checkValidatorSource('function validate_result() end', 'a.lua'), null);
  const { outcome: io } = run(ok('type(io) .. type(os) .. type(require) .. type(load)'));
  assert.equal(io.ok && io.verdict.short_description, 'nilnilnilnil');
});

test('s = s .. s doubling stops at the string length cap', () => {
  expectFailure("local s = 'x' for i = 1, 40 do s = s .. s end", /caps\/validate\.lua:1: string length limit exceeded/);
  // Also through pcall: the next doubling fails again, and the script cannot get further.
  expectFailure(
    "local s = 'x' for i = 1, 40 do local ok, r = pcall(function() return s .. s end) if ok then s = r end end error('len ' .. #s)",
    /caps\/validate\.lua:1: len 4194304/,
  );
});

test('luaL_Buffer growth is capped (string.rep, table.concat, gsub, format)', () => {
  expectFailure("x = string.rep('x', 1e9)", /string\.rep result too large/);
  expectFailure("local t = {} for i = 1, 10 do t[i] = string.rep('x', 1e6) end x = table.concat(t)",
    /string length limit exceeded/);
  expectFailure("x = string.rep('x', 1e5):gsub('.', string.rep('y', 100))", /string length limit exceeded/);
  expectFailure("local s = string.rep('x', 4e6) x = string.format('%s%s', s, s)", /string length limit exceeded/);
});

test('the per-state string budget stops many large strings', () => {
  expectFailure(
    "local t, s = {}, string.rep('x', 4e6 - 10) for i = 1, 100 do t[i] = s .. i end",
    /string memory budget exceeded/,
    5000,
  );
});

test('catastrophic pattern backtracking raises "pattern too complex" quickly', () => {
  expectFailure("x = ('a'):rep(5000):find('.-.-.-.-.-x')", /pattern too complex/);
  expectFailure("x = string.rep('a', 40):match(string.rep('a*', 20) .. 'b')", /pattern too complex/);
  expectFailure("for w in string.rep('a', 3000):gmatch('.-.-.-b') do end", /pattern too complex/);
  expectFailure("x = string.rep('a', 3000):gsub('.-.-.-b', '')", /pattern too complex/);
  // Plain find is quadratic in the worst case.
  expectFailure("x = string.rep('a', 4e6):find(string.rep('a', 1e6) .. 'b', 1, true)", /string\.find too complex/);
  // pcall'ing it in a loop is then stopped by the instruction/time budget.
  expectFailure("while true do pcall(string.find, ('a'):rep(5000), '.-.-.-.-.-x') end", /time budget|instruction budget/, 2000, 500);
});

test('ordinary string work is untouched by the caps', () => {
  const text = "('host all all 0.0.0.0/0 md5\\n'):rep(2000)"; // 54 KB
  const { outcome } = run(ok(`(function()
    local s, n = ${text}, 0
    for line in s:gmatch('[^\\n]+') do if line:find('0%.0%.0%.0/0', 1) then n = n + 1 end end
    local r = s:gsub('md5', 'scram-sha-256')
    assert(s:find('0.0.0.0/0 md5', 1, true) == 14 and not s:find('md6', 1, true))
    local parts = {} for i = 1, 1000 do parts[#parts + 1] = string.format('%05d', i) end
    return n .. ' ' .. #r .. ' ' .. #table.concat(parts, ',') .. ' ' .. #(string.rep('ab', 1e6))
  end)()`));
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  assert.equal(outcome.verdict.short_description, '2000 74000 5999 2000000');
});
