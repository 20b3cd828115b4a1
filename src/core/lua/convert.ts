// Value conversion between JSON-like JS values and Lua (fengari).
import { lua, to_jsstring, to_luastring, type LuaState } from 'fengari';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/** Deeper input is certainly a bug (or a cycle); refuse it instead of overflowing the stack. */
const MAX_DEPTH = 64;

/**
 * A table whose members are converted when a script first reads them (through __index): a large
 * value a validator may never touch (a fact's rows, say) costs nothing until it does. `pairs`
 * sees only the members read so far.
 */
export class LazyTable {
  constructor(readonly members: Record<string, unknown>) {}
}

function pushLazyTable(L: LuaState, value: LazyTable, depth: number): void {
  lua.lua_createtable(L, 0, 0);
  lua.lua_createtable(L, 0, 1);
  lua.lua_pushstring(L, to_luastring('__index'));
  lua.lua_pushcfunction(L, (S: LuaState) => {
    const key = lua.lua_type(S, 2) === lua.LUA_TSTRING ? to_jsstring(lua.lua_tolstring(S, 2)!) : null;
    if (key === null || !Object.prototype.hasOwnProperty.call(value.members, key)) { lua.lua_pushnil(S); return 1; }
    pushJsValue(S, value.members[key], depth + 1);
    // keep it: the next read is a plain table access
    lua.lua_pushvalue(S, 2);
    lua.lua_pushvalue(S, -2);
    lua.lua_rawset(S, 1);
    return 1;
  });
  lua.lua_rawset(L, -3);
  lua.lua_setmetatable(L, -2);
}

/**
 * Pushes one JS value. null/undefined -> nil; integral numbers that fit fengari's 32-bit
 * integers -> integer, other numbers -> float; arrays -> 1-based sequences; plain objects ->
 * string-keyed tables whose null/undefined members are left out. Throws on cycles/too deep.
 */
export function pushJsValue(L: LuaState, value: unknown, depth = 0): void {
  if (depth > MAX_DEPTH) throw new Error(`value nested deeper than ${MAX_DEPTH} levels`);
  if (!lua.lua_checkstack(L, 3)) throw new Error('Lua stack exhausted');
  switch (typeof value) {
    case 'boolean':
      lua.lua_pushboolean(L, value);
      return;
    case 'number':
      pushNumber(L, value);
      return;
    case 'bigint':
      // Exact digits beat a rounded float: beyond 2^53 a validator gets the decimal string.
      if (value >= -9007199254740991n && value <= 9007199254740991n) pushNumber(L, Number(value));
      else lua.lua_pushstring(L, to_luastring(value.toString()));
      return;
    case 'string':
      lua.lua_pushstring(L, to_luastring(value));
      return;
    case 'object':
      if (value === null) break;
      if (value instanceof Date) {
        lua.lua_pushstring(L, to_luastring(value.toISOString()));
        return;
      }
      if (value instanceof LazyTable) {
        pushLazyTable(L, value, depth);
        return;
      }
      pushTable(L, value, depth);
      return;
  }
  lua.lua_pushnil(L); // null, undefined, functions, symbols
}

function pushNumber(L: LuaState, n: number): void {
  if (Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX) lua.lua_pushinteger(L, n);
  else lua.lua_pushnumber(L, n);
}

function pushTable(L: LuaState, value: object, depth: number): void {
  if (Array.isArray(value)) {
    lua.lua_createtable(L, value.length, 0);
    value.forEach((item, i) => {
      if (item === null || item === undefined) return; // a hole, as Lua would have it
      pushJsValue(L, item, depth + 1);
      lua.lua_rawseti(L, -2, i + 1);
    });
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
  lua.lua_createtable(L, 0, entries.length);
  for (const [key, item] of entries) {
    lua.lua_pushstring(L, to_luastring(key));
    pushJsValue(L, item, depth + 1);
    lua.lua_rawset(L, -3);
  }
}

/** Lua bytes -> JS string; invalid UTF-8 becomes U+FFFD instead of throwing. */
export function luaBytesToJs(bytes: Uint8Array): string {
  return to_jsstring(bytes, 0, bytes.length, true);
}

/** Name of the Lua type at idx ("nil", "table", ...). */
export function luaTypeName(L: LuaState, idx: number): string {
  return luaBytesToJs(lua.lua_typename(L, lua.lua_type(L, idx)));
}

/**
 * The string or number at idx as JS text (numbers formatted by Lua, like tostring), or null
 * for any other type. Works on a copy, so the stack slot keeps its type; runs no metamethods.
 */
export function luaScalarToText(L: LuaState, idx: number): string | null {
  const t = lua.lua_type(L, idx);
  if (t !== lua.LUA_TSTRING && t !== lua.LUA_TNUMBER) return null;
  lua.lua_pushvalue(L, idx);
  const bytes = lua.lua_tolstring(L, -1);
  lua.lua_pop(L, 1);
  return bytes ? luaBytesToJs(bytes) : null;
}

/** Describes an error value left by a failed pcall/load. */
export function luaErrorText(L: LuaState, idx: number): string {
  return luaScalarToText(L, idx) ?? `(error object is a ${luaTypeName(L, idx)} value)`;
}
