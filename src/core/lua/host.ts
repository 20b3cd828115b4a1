// Runs one pg_sec_check-style Lua validator in a sandboxed fengari state and turns its
// validate_result() table into a verdict. Never throws: every failure is an outcome.
// Validators share one Lua state per session (creating one costs ~2 ms inside QuickJS) and
// each loaded chunk stays loaded (reading a compiled chunk back costs ~2 ms more), but every
// run gets an environment of its own with fresh copies of the libraries (sandbox.ts), so a
// validator sees nothing another one did.
import { lauxlib, lua, to_luastring, type LuaHook, type LuaState } from 'fengari';
import { LazyLuaValue, luaErrorText, luaScalarToText, luaTypeName, pushLazyValue, setJsFields } from './convert.js';
import { bindEnvironment, newEnvironment, newSharedSandbox, setStringField, type SharedSandbox } from './sandbox.js';
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

/** Base64 digit of every UTF-16 code unit (255: not one): one lookup per character. */
const B64_DIGIT = new Uint8Array(65536).fill(255);
for (let i = 0; i < 64; i++) B64_DIGIT[B64.charCodeAt(i)] = i;

/** Decodes base64; null on any character outside the alphabet or a bad length. A lookup per
 *  character and no inner loop: the built-in pack's chunks are ~600 KB of base64, decoded
 *  when a session first runs it. */
export function fromBase64(text: string): Uint8Array | null {
  const n = text.length;
  if (n % 4 !== 0) return null;
  const pad = n > 0 && text.charCodeAt(n - 1) === 61 ? (text.charCodeAt(n - 2) === 61 ? 2 : 1) : 0;
  const out = new Uint8Array((n / 4) * 3 - pad);
  const D = B64_DIGIT;
  let o = 0;
  const whole = pad ? n - 4 : n;
  for (let i = 0; i < whole; i += 4) {
    const a = D[text.charCodeAt(i)], b = D[text.charCodeAt(i + 1)], c = D[text.charCodeAt(i + 2)], d = D[text.charCodeAt(i + 3)];
    if ((a | b | c | d) & 0x80) return null;
    out[o++] = (a << 2) | (b >> 4);
    out[o++] = ((b & 15) << 4) | (c >> 2);
    out[o++] = ((c & 3) << 6) | d;
  }
  if (pad) {
    const a = D[text.charCodeAt(n - 4)], b = D[text.charCodeAt(n - 3)], c = pad === 1 ? D[text.charCodeAt(n - 2)] : 0;
    if ((a | b | c) & 0x80) return null;
    out[o++] = (a << 2) | (b >> 4);
    if (pad === 1) out[o++] = ((b & 15) << 4) | (c >> 2);
  }
  return out;
}

/** The session's shared sandbox and the chunks loaded into it (registry refs by name + text). */
let shared: SharedSandbox | null = null;
/** chunk name -> the text loaded under it and its registry ref (the same text is the same
 *  string object run after run, so comparing it is cheap; a key of name + text was not) */
const loaded = new Map<string, { source: string; ref: number }>();
const MAX_LOADED = 4096;
/** Set while a validator runs: still set at the next call means the last one was torn off
 *  mid-way (pljs interrupts a cancelled call with an exception nothing catches). */
let running = false;

function sharedSandbox(): SharedSandbox {
  // A call torn off mid-way may also leave fengari's call stack deeper than its base.
  const L = shared?.L as unknown as { ci?: unknown; base_ci?: unknown } | undefined;
  if (running || (L && L.ci !== L.base_ci)) dropSharedSandbox();
  return (shared ??= newSharedSandbox());
}

/** After anything unexpected inside fengari the state is not trusted again: start afresh. */
function dropSharedSandbox(): void {
  shared = null;
  loaded.clear();
}

/** Pushes the validator's main function, loading it once per state; returns the load status. */
function pushChunk(S: SharedSandbox, source: string, chunkName: string, stored?: string): number {
  const L = S.L;
  const hit = loaded.get(chunkName);
  if (hit !== undefined && hit.source === source) {
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, hit.ref);
    return lua.LUA_OK;
  }
  const status = loadCached(L, source, chunkName, stored);
  if (status !== lua.LUA_OK) return status;
  if (hit !== undefined) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, hit.ref);
  else if (loaded.size >= MAX_LOADED) {
    for (const r of loaded.values()) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, r.ref);
    loaded.clear();
  }
  lua.lua_pushvalue(L, -1);
  loaded.set(chunkName, { source, ref: lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX) });
  return status;
}

/** fengari's per-state string byte budget (the bundle's patch) counts per validator. */
function resetStringBudget(L: LuaState): void {
  const g = (L as unknown as { l_G?: { __sc_bytes?: number } }).l_G;
  if (g && g.__sc_bytes) g.__sc_bytes = 0;
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

  let S: SharedSandbox | null = null;
  try {
    S = sharedSandbox();
    running = true;
    const L = S.L;
    lua.lua_settop(L, 0);
    resetStringBudget(L);
    const env = newEnvironment(S);
    // lazy values (facts, executor results) become proxy tables converted on first read
    const eager: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(run.globals)) {
      if (value instanceof LazyLuaValue) {
        lua.lua_pushstring(L, to_luastring(key));
        pushLazyValue(L, value);
        lua.lua_rawset(L, env);
      } else eager[key] = value;
    }
    setJsFields(L, env, eager);
    setStringField(L, env, 'locale_msg', run.localeMsg);

    if (pushChunk(S, run.source, name, run.chunk) !== lua.LUA_OK) {
      const error = luaErrorText(L, -1);
      return failWith('compile', `validator ${name} does not compile: ${error}`, { error });
    }
    bindEnvironment(S, lua.lua_gettop(L), env);
    const hook = budgetHook(budget, maxInstructions, run.clock() + maxMs, run.clock);
    lua.lua_sethook(L, hook, lua.LUA_MASKCOUNT, HOOK_EVERY);

    if (lua.lua_pcall(L, 0, 0, 0) !== lua.LUA_OK) {
      const error = luaErrorText(L, -1);
      return failWith('load', `validator ${name} failed while loading: ${error}`, { error });
    }
    if (lua.lua_getfield(L, env, lstr('validate_result')) !== lua.LUA_TFUNCTION) {
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
    if (S && shared === S) dropSharedSandbox();
    S = null;
    const error = e instanceof Error ? e.message : String(e);
    return failWith('crash', `validator ${name} crashed the Lua host: ${error}`, { error });
  } finally {
    if (S && shared === S) {
      lua.lua_sethook(S.L, null, 0, 0);
      lua.lua_settop(S.L, 0);
    }
    running = false;
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
 * compile=false skips the parse (about 30 ms a script inside QuickJS) and this text check:
 * packs are checked when they enter the database, and a script that still fails to parse or
 * define the function yields Failed.
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
  // Without the parse (a stored pack, checked when it was loaded) the run itself says
  // "does not define validate_result" (Failed) if it comes to that.
  if (compile && !DEFINES_VALIDATE_RESULT.test(source)) {
    return `${chunkName}: does not define validate_result (expected "function validate_result(" or "validate_result = function")`;
  }
  return null;
}
