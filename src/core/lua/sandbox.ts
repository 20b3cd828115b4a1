// A fresh, restricted Lua state: only the libraries a validator needs, nothing that reaches
// files, processes, the JS host or the compiler.
import { lauxlib, lua, lualib, to_luastring, type LuaCFunction, type LuaState } from 'fengari';
import { luaBytesToJs } from './convert.js';

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
  const wrapper: LuaCFunction = (L1) => {
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
  lua.lua_pushcfunction(L, wrapper);
  lua.lua_setglobal(L, lstr(name));
}
