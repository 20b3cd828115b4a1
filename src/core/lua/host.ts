// Runs one pg_sec_check-style Lua validator in a fresh sandboxed fengari state and turns
// its validate_result() table into a verdict. Never throws: every failure is an outcome.
import { lauxlib, lua, to_luastring, type LuaHook, type LuaState } from 'fengari';
import { LazyLuaValue, luaErrorText, luaScalarToText, luaTypeName, pushJsValue, pushLazyValue } from './convert.js';
import { newSandboxState, setStringFunction } from './sandbox.js';
import { VALIDATOR_STATUSES as STATUSES, type ValidatorStatus } from '../vocabulary.ts';

export type { ValidatorStatus };
export { LazyLuaValue };

export interface ValidatorVerdict {
  status: ValidatorStatus;
  short_description: string;
  full_description: string;
  recommendation: string;
  /** Only on Failed: the role lacks a privilege the validator named in its text. */
  reason?: 'insufficient_privilege';
}
export interface ValidatorRun {
  source: string; // Lua source text
  /** The same text compiled by `sec-check pack` (base64 of lua_dump), from a stored pack whose
   *  hash the database checked; used instead of parsing, the text is the fallback. */
  chunk?: string;
  chunkName: string; // pack-relative path, used in every error message
  globals: Record<string, unknown>; // JSON-like values set as Lua globals (LazyLuaValue: converted on first read)
  localeMsg: (key: string) => string; // exposed to Lua as locale_msg(key)
  maxInstructions?: number; // default 10_000_000
  maxMilliseconds?: number; // default 3000
  clock: () => number; // monotonic-ish ms; injected (the core imports no runtime)
}
/** Why a validator gave no verdict, as a message key of localizations/engine.json
 *  ("validator.<key>") and its values, so the runner can say it in the run's language. */
export interface ValidatorProblem {
  key: 'compile' | 'load' | 'no_function' | 'failed' | 'not_table' | 'status_type' | 'unknown_status'
    | 'field_type' | 'instructions' | 'time' | 'crash';
  params: Record<string, string>;
}
export type ValidatorOutcome =
  | { ok: true; verdict: ValidatorVerdict; instructions?: number }
  | { ok: false; reason: string; problem: ValidatorProblem; instructions?: number };

export const DEFAULT_MAX_INSTRUCTIONS = 10_000_000;
export const DEFAULT_MAX_MILLISECONDS = 3000;
/** Hook granularity: small enough for the deadline, large enough to cost nothing. */
const HOOK_EVERY = 1000;

const TEXT_FIELDS = ['short_description', 'full_description', 'recommendation'] as const;
const lstr = (s: string) => to_luastring(s, true);

interface Budget {
  instructions: number;
  exceeded: null | 'instructions' | 'time';
}

/**
 * Count hook enforcing the budgets. Once over, it re-arms itself to fire on every
 * instruction and raises each time, so a pcall in the script cannot swallow the error.
 * Coroutines copy the hook when created and share `budget`, so they stop too.
 */
function budgetHook(budget: Budget, maxInstructions: number, deadline: number, clock: () => number): LuaHook {
  const hook: LuaHook = (L) => {
    if (budget.exceeded === null) {
      budget.instructions += HOOK_EVERY;
      if (budget.instructions > maxInstructions) budget.exceeded = 'instructions';
      else if (clock() > deadline) budget.exceeded = 'time';
      else return;
    }
    lua.lua_sethook(L, hook, lua.LUA_MASKCOUNT, 1);
    lauxlib.luaL_error(L, lstr(`validator stopped: ${budget.exceeded} budget exceeded`));
  };
  return hook;
}

function loadText(L: LuaState, source: string, chunkName: string): number {
  const bytes = to_luastring(source);
  // "=name": messages read "checks/x/validate.lua:3: ..." rather than [string "..."].
  return lauxlib.luaL_loadbufferx(L, bytes, bytes.length, to_luastring(`=${chunkName}`), lstr('t'));
}

/**
 * Parsing is most of a validator's cost inside QuickJS (tens of ms a script). The first load
 * of a source in this session (pljs keeps the bundle per session; Node per process) parses
 * the text and keeps lua_dump's output; later loads of the very same text read that binary
 * chunk back. The bytes come only from this cache, made here from text that parsed, so no
 * binary chunk from a pack or a script is ever loaded.
 */
const chunkCache = new Map<string, Uint8Array>();
let chunkCacheBytes = 0;
const MAX_CHUNK_CACHE_BYTES = 32 * 1024 * 1024;

function dumpTop(L: LuaState): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let length = 0;
  const status = lua.lua_dump(L, (_L: LuaState, p: Uint8Array, size: number) => { parts.push(p.slice(0, size)); length += size; return 0; }, null, 0);
  if (status !== 0) return null;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function loadCached(L: LuaState, source: string, chunkName: string, stored?: string): number {
  const key = `${chunkName}\u0000${source}`;
  let chunk = chunkCache.get(key);
  if (!chunk && stored) {
    const bytes = fromBase64(stored);
    if (bytes && lauxlib.luaL_loadbufferx(L, bytes, bytes.length, to_luastring(`=${chunkName}`), lstr('b')) === lua.LUA_OK) {
      remember(key, bytes);
      return lua.LUA_OK;
    }
    if (bytes) lua.lua_pop(L, 1);
  }
  if (chunk) {
    if (lauxlib.luaL_loadbufferx(L, chunk, chunk.length, to_luastring(`=${chunkName}`), lstr('b')) === lua.LUA_OK) return lua.LUA_OK;
    lua.lua_pop(L, 1);
    chunkCache.delete(key);
  }
  const status = loadText(L, source, chunkName);
  if (status !== lua.LUA_OK) return status;
  const dumped = dumpTop(L);
  if (dumped) remember(key, dumped);
  return status;
}

function remember(key: string, chunk: Uint8Array): void {
  if (chunkCacheBytes + chunk.length > MAX_CHUNK_CACHE_BYTES) { chunkCache.clear(); chunkCacheBytes = 0; }
  chunkCache.set(key, chunk);
  chunkCacheBytes += chunk.length;
}

/** A validator's text compiled to a binary chunk, base64, for a stored pack; null if it does not parse. */
export function compileChunk(source: string, chunkName: string): string | null {
  const L = lauxlib.luaL_newstate();
  if (loadText(L, source, chunkName) !== lua.LUA_OK) return null;
  const bytes = dumpTop(L);
  return bytes ? toBase64(bytes) : null;
}

// base64 without Buffer/atob (pljs has neither).
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function toBase64(bytes: Uint8Array): string {
  const out: string[] = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out.push(B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63]);
  }
  if (i < bytes.length) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8);
    out.push(B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') + '=');
  }
  return out.join('');
}

/** Decodes base64; null on any character outside the alphabet or a bad length. */
export function fromBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j);
      const v = c === 61 && i + j >= text.length - pad ? 0 : c < 128 ? B64_INDEX[c] : -1;
      if (v < 0) return null;
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

export function runValidator(run: ValidatorRun): ValidatorOutcome {
  const name = run.chunkName;
  const maxInstructions = run.maxInstructions ?? DEFAULT_MAX_INSTRUCTIONS;
  const maxMs = run.maxMilliseconds ?? DEFAULT_MAX_MILLISECONDS;
  const budget: Budget = { instructions: 0, exceeded: null };
  // `reason` is the English sentence (logs, tests); `problem` is the same fact for localization.
  const fail = (reason: string, problem: ValidatorProblem): ValidatorOutcome => {
    if (budget.exceeded === 'instructions') {
      reason = `validator ${name} exceeded its instruction budget (${maxInstructions} instructions)`;
      problem = { key: 'instructions', params: { script: name, limit: String(maxInstructions) } };
    } else if (budget.exceeded === 'time') {
      reason = `validator ${name} exceeded its time budget (${maxMs} ms)`;
      problem = { key: 'time', params: { script: name, limit: String(maxMs) } };
    }
    return { ok: false, reason, problem, instructions: budget.instructions };
  };
  const failWith = (key: ValidatorProblem['key'], reason: string, params: Record<string, string> = {}) =>
    fail(reason, { key, params: { script: name, ...params } });

  try {
    const L = newSandboxState();
    for (const [key, value] of Object.entries(run.globals)) {
      if (value instanceof LazyLuaValue) pushLazyValue(L, value);
      else pushJsValue(L, value);
      lua.lua_setglobal(L, to_luastring(key));
    }
    setStringFunction(L, 'locale_msg', run.localeMsg);

    if (loadCached(L, run.source, name, run.chunk) !== lua.LUA_OK) {
      const error = luaErrorText(L, -1);
      return failWith('compile', `validator ${name} does not compile: ${error}`, { error });
    }
    const hook = budgetHook(budget, maxInstructions, run.clock() + maxMs, run.clock);
    lua.lua_sethook(L, hook, lua.LUA_MASKCOUNT, HOOK_EVERY);

    if (lua.lua_pcall(L, 0, 0, 0) !== lua.LUA_OK) {
      const error = luaErrorText(L, -1);
      return failWith('load', `validator ${name} failed while loading: ${error}`, { error });
    }
    if (lua.lua_getglobal(L, lstr('validate_result')) !== lua.LUA_TFUNCTION) {
      const type = luaTypeName(L, -1);
      return failWith('no_function', `validator ${name} does not define a global function validate_result (got ${type})`, { type });
    }
    if (lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) {
      const error = luaErrorText(L, -1);
      return failWith('failed', `validator ${name} failed: ${error}`, { error });
    }
    lua.lua_sethook(L, null, 0, 0);
    if (budget.exceeded) return failWith('failed', '');
    const verdict = readVerdict(L, name);
    if ('problem' in verdict) return fail(verdict.reason, { key: verdict.problem, params: { script: name, ...verdict.params } });
    return { ok: true, verdict, instructions: budget.instructions };
  } catch (e) {
    // Only reachable through a bug in fengari or in this host; still not the caller's problem.
    const error = e instanceof Error ? e.message : String(e);
    return failWith('crash', `validator ${name} crashed the Lua host: ${error}`, { error });
  }
}

interface VerdictProblem { problem: ValidatorProblem['key']; reason: string; params: Record<string, string> }

/** Reads the table at the top of the stack (raw access: no metamethod code runs here). */
function readVerdict(L: LuaState, name: string): ValidatorVerdict | VerdictProblem {
  if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) {
    const type = luaTypeName(L, -1);
    return { problem: 'not_table', reason: `validator ${name}: validate_result() must return a table, got ${type}`, params: { type } };
  }
  const field = (key: string): { text: string | null; type: string } => {
    lua.lua_pushstring(L, lstr(key));
    lua.lua_rawget(L, -2);
    const out = { text: luaScalarToText(L, -1), type: luaTypeName(L, -1) };
    lua.lua_pop(L, 1);
    return out;
  };

  const status = field('status');
  if (status.text === null) {
    return { problem: 'status_type', reason: `validator ${name}: result field "status" must be a string, got ${status.type}`, params: { type: status.type } };
  }
  if (!(STATUSES as readonly string[]).includes(status.text)) {
    const shown = status.text.slice(0, 40);
    return {
      problem: 'unknown_status',
      reason: `validator ${name}: unknown status "${shown}" (expected ${STATUSES.join(', ')})`,
      params: { status: shown, expected: STATUSES.join(', ') },
    };
  }
  const verdict: ValidatorVerdict = {
    status: status.text as ValidatorStatus,
    short_description: '',
    full_description: '',
    recommendation: '',
  };
  for (const key of TEXT_FIELDS) {
    const f = field(key);
    if (f.text !== null) verdict[key] = f.text;
    else if (f.type !== 'nil') {
      return { problem: 'field_type', reason: `validator ${name}: result field "${key}" must be a string, got ${f.type}`, params: { field: key, type: f.type } };
    }
  }
  // optional: a Failed verdict may say it is for lack of a privilege; anything else is ignored
  const reason = field('reason');
  if (verdict.status === 'Failed' && reason.text === 'insufficient_privilege') verdict.reason = 'insufficient_privilege';
  return verdict;
}

// One compile-only state for preflight checks: loading never runs code, so sharing is safe.
let compileState: LuaState | null = null;

// Global definitions only: not `local function validate_result(`, `local validate_result =`
// or `M.validate_result =` (lookbehinds stay on one line: [ \t], not \s).
const DEFINES_VALIDATE_RESULT =
  /(?<!\blocal[ \t]+)\bfunction\s+validate_result\s*\(|(?<![.:\w][ \t]*)\bvalidate_result\s*=\s*function\b/;

/**
 * Compiles (does not run) a validator and checks that its text defines validate_result.
 * Returns null when fine, else a message naming chunkName (and the line, for syntax errors).
 * compile=false skips the parse (about 30 ms a script inside QuickJS): packs are compiled
 * when they enter the database, and a script that still fails to parse yields Failed.
 */
export function checkValidatorSource(source: string, chunkName: string, compile = true): string | null {
  if (compile) try {
    compileState ??= lauxlib.luaL_newstate();
    const L = compileState;
    const status = loadText(L, source, chunkName);
    const message = status === lua.LUA_OK ? null : luaErrorText(L, -1);
    lua.lua_settop(L, 0);
    if (message !== null) {
      // Parser messages start with "chunkName:line:"; load-mode errors carry no name.
      return message.startsWith(`${chunkName}:`) ? `syntax error in ${message}` : `${chunkName}: ${message}`;
    }
  } catch (e) {
    compileState = null; // do not reuse a state a JS exception went through
    return `${chunkName}: could not be compiled: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (!DEFINES_VALIDATE_RESULT.test(source)) {
    return `${chunkName}: does not define validate_result (expected "function validate_result(" or "validate_result = function")`;
  }
  return null;
}
