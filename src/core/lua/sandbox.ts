// A restricted Lua state: only the libraries a validator needs, nothing that reaches files,
// processes, the JS host or the compiler. One state serves many validators (a fresh state
// costs ~2 ms inside QuickJS); each validator runs in an environment of its own
// (newEnvironment) holding fresh copies of every library table, so nothing one validator
// changes is visible to the next.
import { lauxlib, lua, lualib, to_luastring, type LuaCFunction, type LuaState } from 'fengari';
import { luaBytesToJs } from './convert.js';
import { luaH_setfrom } from 'fengari/src/ltable.js';

/** Longest string string.rep may build (the bundle's fengari patch caps all buffers too). */
export const MAX_REP_BYTES = 4 * 1024 * 1024;

const LIBS: Array<[string, LuaCFunction]> = [
  ['_G', lualib.luaopen_base],
  ['table', lualib.luaopen_table],
  ['string', lualib.luaopen_string],
  ['math', lualib.luaopen_math],
  ['utf8', lualib.luaopen_utf8],
  ['coroutine', lualib.luaopen_coroutine],
];

// Base-library entries that load code or touch the host. package/os/io/debug are never
// opened; they are cleared anyway in case a fengari version starts opening them.
const REMOVED_GLOBALS = ['dofile', 'loadfile', 'load', 'loadstring', 'require', 'collectgarbage',
  'package', 'os', 'io', 'debug'];

const lstr = (s: string) => to_luastring(s, true);

/**
 * Turns a JS exception thrown inside fengari (a bug, or a host-side stack overflow) into
 * a Lua error string; without this, pcall would hand the script a meaningless value.
 */
const nativeError: LuaCFunction = (L) => {
  const e = lua.lua_touserdata(L, -1);
  let text: string;
  try {
    text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    text = 'unknown error';
  }
  lua.lua_pushstring(L, to_luastring(`internal error: ${text}`));
  return 1;
};

/** Most elements table.move may copy: its loop is native, so the count hook cannot stop it. */
export const MAX_MOVE_ELEMENTS = 1_000_000;

/**
 * Wraps a library function: `check` validates the arguments (raising a Lua error when they
 * would make the native code run or allocate without bound), then the original, kept as
 * upvalue 1 and unreachable from Lua, is called with the same arguments.
 */
function guarded(check: (L: LuaState) => boolean): LuaCFunction {
  return (L) => {
    if (!check(L)) return 1; // check pushed the result itself
    lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
    lua.lua_insert(L, 1);
    lua.lua_call(L, lua.lua_gettop(L) - 1, 1);
    return 1;
  };
}

const cappedRep = guarded((L) => {
  const len = lauxlib.luaL_checklstring(L, 1).length;
  const n = lauxlib.luaL_checkinteger(L, 2);
  const sep = lauxlib.luaL_optlstring(L, 3, '');
  const total = n > 0 ? n * len + (n - 1) * (sep ? sep.length : 0) : 0;
  if (total > MAX_REP_BYTES) {
    lauxlib.luaL_error(L, lstr(`string.rep result too large (over ${MAX_REP_BYTES} bytes)`));
  }
  if (total === 0) {
    lua.lua_pushstring(L, lstr('')); // ('').rep(2^31) would otherwise loop 2^31 times
    return false;
  }
  return true;
});

const cappedMove = guarded((L) => {
  const first = lauxlib.luaL_checkinteger(L, 2);
  const last = lauxlib.luaL_checkinteger(L, 3);
  if (last >= first && last - first + 1 > MAX_MOVE_ELEMENTS) {
    lauxlib.luaL_error(L, lstr(`table.move of more than ${MAX_MOVE_ELEMENTS} elements refused`));
  }
  return true;
});

function replaceInLib(L: LuaState, lib: string, name: string, wrapper: LuaCFunction): void {
  lua.lua_getglobal(L, lstr(lib));
  lua.lua_getfield(L, -1, lstr(name));
  lua.lua_pushcclosure(L, wrapper, 1);
  lua.lua_setfield(L, -2, lstr(name));
  lua.lua_pop(L, 1);
}

/** print goes nowhere: there is no console in pljs, and output would bypass the report. */
const silentPrint: LuaCFunction = () => 0;

export function newSandboxState(): LuaState {
  const L = lauxlib.luaL_newstate();
  lua.lua_atnativeerror(L, nativeError);
  for (const [name, open] of LIBS) {
    lauxlib.luaL_requiref(L, lstr(name), open, 1);
    lua.lua_pop(L, 1);
  }
  for (const name of REMOVED_GLOBALS) {
    lua.lua_pushnil(L);
    lua.lua_setglobal(L, lstr(name));
  }
  lua.lua_pushcfunction(L, silentPrint);
  lua.lua_setglobal(L, lstr('print'));

  lua.lua_getglobal(L, lstr('string'));
  lua.lua_pushnil(L);
  lua.lua_setfield(L, -2, lstr('dump'));
  lua.lua_pop(L, 1);
  // The string table is also the strings' metatable __index, so ("x"):rep() is covered.
  replaceInLib(L, 'string', 'rep', cappedRep);
  replaceInLib(L, 'table', 'move', cappedMove);
  return L;
}

/** Registers a JS function as a global taking one string and returning one string. */
export function setStringFunction(L: LuaState, name: string, fn: (arg: string) => string): void {
  lua.lua_pushcfunction(L, stringFunction(name, fn));
  lua.lua_setglobal(L, lstr(name));
}

function stringFunction(name: string, fn: (arg: string) => string): LuaCFunction {
  return (L1) => {
    const arg = luaBytesToJs(lauxlib.luaL_checklstring(L1, 1));
    let out: string;
    try {
      out = String(fn(arg));
    } catch (e) {
      // lua_error, not luaL_error: the text is not a format string.
      lua.lua_pushstring(L1, to_luastring(`${name} failed: ${e instanceof Error ? e.message : String(e)}`));
      return lua.lua_error(L1);
    }
    lua.lua_pushstring(L1, to_luastring(out));
    return 1;
  };
}

/** The library tables of the sandbox: each environment gets its own view of them. */
const LIB_TABLES = ['string', 'table', 'math', 'utf8', 'coroutine'];

/** fengari's table internals, used only to copy the base functions into an environment. */
interface FTable { f: FEntry | null }
interface FEntry { key: unknown; value: unknown; n: FEntry | null }

/** A sandbox state shared by validators, with what each environment is built from. */
export interface SharedSandbox {
  L: LuaState;
  /** the opened base functions (no library tables), copied into each environment */
  base: FTable;
  /** registry refs: per library, the protected metatable {__index = library} of its views */
  libMeta: [name: string, ref: number][];
  /** registry ref: the string metatable, re-pointed at each environment's `string` */
  stringMeta: number;
  /** registry ref: function(env) returning a closure whose first upvalue holds env */
  upvalueMaker: number;
}

const UPVALUE_MAKER = 'local e = ... return function() return e end';

function loadHelper(L: LuaState, source: string): void {
  const text = to_luastring(source);
  if (lauxlib.luaL_loadbufferx(L, text, text.length, lstr('=sec_check'), lstr('t')) !== lua.LUA_OK) {
    throw new Error(`fengari: cannot load a sandbox helper: ${String(lua.lua_tolstring(L, -1))}`);
  }
}

export function newSharedSandbox(): SharedSandbox {
  const L = newSandboxState();
  const R = lua.LUA_REGISTRYINDEX;
  lua.lua_getglobal(L, lstr('_G'));
  const globals = lua.lua_gettop(L);
  // the base functions, apart from the library tables and _G
  lua.lua_createtable(L, 0, 32);
  const base = lua.lua_gettop(L);
  lua.lua_pushnil(L);
  while (lua.lua_next(L, globals) !== 0) {
    const key = lua.lua_type(L, -2) === lua.LUA_TSTRING ? luaBytesToJs(lua.lua_tolstring(L, -2) ?? new Uint8Array()) : '';
    if (key === '_G' || LIB_TABLES.includes(key)) { lua.lua_pop(L, 1); continue; }
    lua.lua_pushvalue(L, -2);
    lua.lua_insert(L, -2);
    lua.lua_rawset(L, base);
  }
  const baseTable = lua.lua_topointer(L, base) as FTable;
  lua.lua_pop(L, 1); // the base table stays alive through baseTable
  const libMeta: [string, number][] = LIB_TABLES.map((name) => {
    lua.lua_createtable(L, 0, 2);
    lua.lua_getfield(L, globals, lstr(name));
    lua.lua_setfield(L, -2, lstr('__index'));
    lua.lua_pushboolean(L, false);
    lua.lua_setfield(L, -2, lstr('__metatable'));
    return [name, lauxlib.luaL_ref(L, R)];
  });
  lua.lua_pop(L, 1); // globals
  lua.lua_pushstring(L, lstr(''));
  if (!lua.lua_getmetatable(L, -1)) throw new Error('fengari: strings have no metatable');
  const stringMeta = lauxlib.luaL_ref(L, R);
  lua.lua_pop(L, 1);
  const maker = to_luastring(UPVALUE_MAKER);
  if (lauxlib.luaL_loadbufferx(L, maker, maker.length, lstr('=sec_check'), lstr('t')) !== lua.LUA_OK) throw new Error('fengari: cannot load the environment helper');
  const upvalueMaker = lauxlib.luaL_ref(L, R);
  // Chunks get their environment as _ENV (bindEnvironment); the state's global table is
  // replaced by an empty one that refuses writes, so nothing can ever be shared through it.
  lua.lua_createtable(L, 0, 0);
  lua.lua_createtable(L, 0, 2);
  lua.lua_pushcfunction(L, refuseWrite);
  lua.lua_setfield(L, -2, lstr('__newindex'));
  lua.lua_pushboolean(L, false);
  lua.lua_setfield(L, -2, lstr('__metatable'));
  lua.lua_setmetatable(L, -2);
  lua.lua_rawseti(L, R, lua.LUA_RIDX_GLOBALS);
  return { L, base: baseTable, libMeta, stringMeta, upvalueMaker };
}

const refuseWrite: LuaCFunction = (L) => lauxlib.luaL_error(L, lstr('the shared global table is read-only'));

/**
 * Pushes a new environment and returns its stack index. It holds the base functions as its
 * own fields (so pairs(_G), rawget(_G, "print") and setmetatable(_G, ...) behave as in a
 * state of its own; copied with fengari's table internals: through the C API, or in Lua,
 * this cost ~1-3 ms a validator inside QuickJS) and, per library, a table of its own whose
 * reads fall through to the library by a protected metatable: a write (`string.upper = f`,
 * rawset) stays in this environment and the shared library table cannot be reached. The
 * string metatable is pointed at this environment's `string` (so `("x"):upper()` sees what
 * `string.upper` is here), and getmetatable("") gives a throwaway look-alike.
 */
export function newEnvironment(S: SharedSandbox): number {
  const { L } = S;
  const R = lua.LUA_REGISTRYINDEX;
  lua.lua_createtable(L, 0, 32);
  const env = lua.lua_gettop(L);
  const target = lua.lua_topointer(L, env) as FTable;
  for (let e = S.base.f; e; e = e.n) luaH_setfrom(L, target, e.key, e.value);
  lua.lua_pushvalue(L, env);
  lua.lua_setfield(L, env, lstr('_G'));
  for (const [name, meta] of S.libMeta) {
    lua.lua_createtable(L, 0, 0);
    lua.lua_rawgeti(L, R, meta);
    lua.lua_setmetatable(L, -2);
    lua.lua_setfield(L, env, lstr(name));
  }
  lua.lua_rawgeti(L, R, S.stringMeta);
  lua.lua_getfield(L, env, lstr('string'));
  lua.lua_pushvalue(L, -1);
  lua.lua_setfield(L, -3, lstr('__index'));
  lua.lua_createtable(L, 0, 1);
  lua.lua_insert(L, -2);
  lua.lua_setfield(L, -2, lstr('__index'));
  lua.lua_setfield(L, -2, lstr('__metatable'));
  lua.lua_pop(L, 1);
  return env;
}

/**
 * Gives the Lua function at `fn` (a loaded chunk) `env` as its _ENV, in an upvalue of its
 * own: closures the chunk creates capture that upvalue, so a chunk run again later with
 * another environment shares nothing with this run.
 */
export function bindEnvironment(S: SharedSandbox, fn: number, env: number): void {
  const { L } = S;
  lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, S.upvalueMaker);
  lua.lua_pushvalue(L, env);
  lua.lua_call(L, 1, 1);
  lua.lua_upvaluejoin(L, fn, 1, lua.lua_gettop(L), 1);
  lua.lua_pop(L, 1);
}

/** Sets a JS function taking and returning one string as a field of the table at `table`. */
export function setStringField(L: LuaState, table: number, name: string, fn: (arg: string) => string): void {
  lua.lua_pushstring(L, lstr(name));
  lua.lua_pushcfunction(L, stringFunction(name, fn));
  lua.lua_rawset(L, table);
}
