// Value conversion between JSON-like JS values and Lua (fengari).
import { lua, to_jsstring, to_luastring, type LuaState } from 'fengari';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/** Deeper input is certainly a bug (or a cycle); refuse it instead of overflowing the stack. */
const MAX_DEPTH = 64;

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

/**
 * A global whose members are converted into Lua only when a validator first reads them (a
 * check's facts can hold tens of thousands of rows that most validators never touch).
 * In Lua it is a table: indexing, `#`, `ipairs` and `pairs` behave as on the eager table.
 */
export class LazyLuaValue {
  constructor(readonly value: Record<string, unknown> | unknown[]) {}
}

/** Pushes a proxy table whose __index converts (and caches) one member at a time. */
export function pushLazyValue(L: LuaState, lazy: LazyLuaValue): void {
  const src = lazy.value;
  const isArray = Array.isArray(src);
  const keys = isArray ? null : Object.keys(src).filter((k) => (src as Record<string, unknown>)[k] !== null && (src as Record<string, unknown>)[k] !== undefined);
  const member = (L2: LuaState, idx: number): unknown => {
    if (isArray) {
      if (lua.lua_type(L2, idx) !== lua.LUA_TNUMBER) return undefined;
      const i = lua.lua_tointeger(L2, idx);
      return Number.isInteger(i) && i >= 1 ? (src as unknown[])[i - 1] : undefined;
    }
    if (lua.lua_type(L2, idx) !== lua.LUA_TSTRING) return undefined;
    const k = luaScalarToText(L2, idx);
    return k !== null && Object.prototype.hasOwnProperty.call(src, k) ? (src as Record<string, unknown>)[k] : undefined;
  };
  // copies every member into the table itself (for pairs): afterwards it is an ordinary table
  const materialize = (L2: LuaState) => {
    if (isArray) {
      (src as unknown[]).forEach((item, i) => {
        if (item === null || item === undefined) return;
        pushJsValue(L2, item, 1);
        lua.lua_rawseti(L2, 1, i + 1);
      });
    } else {
      for (const k of keys!) {
        lua.lua_pushstring(L2, to_luastring(k));
        pushJsValue(L2, (src as Record<string, unknown>)[k], 1);
        lua.lua_rawset(L2, 1);
      }
    }
  };
  lua.lua_createtable(L, 0, 0);
  lua.lua_createtable(L, 0, 3);
  lua.lua_pushcfunction(L, (L2: LuaState) => {
    const value = member(L2, 2);
    if (value === undefined || value === null) { lua.lua_pushnil(L2); return 1; }
    lua.lua_pushvalue(L2, 2);
    pushJsValue(L2, value, 1);
    lua.lua_rawset(L2, 1); // cached: the next read of this key does not come here
    lua.lua_pushvalue(L2, 2);
    lua.lua_rawget(L2, 1);
    return 1;
  });
  lua.lua_setfield(L, -2, to_luastring('__index'));
  lua.lua_pushcfunction(L, (L2: LuaState) => {
    lua.lua_pushinteger(L2, isArray ? (src as unknown[]).length : 0);
    return 1;
  });
  lua.lua_setfield(L, -2, to_luastring('__len'));
  lua.lua_pushcfunction(L, (L2: LuaState) => {
    materialize(L2);
    lua.lua_getglobal(L2, to_luastring('next'));
    lua.lua_pushvalue(L2, 1);
    lua.lua_pushnil(L2);
    return 3;
  });
  lua.lua_setfield(L, -2, to_luastring('__pairs'));
  lua.lua_setmetatable(L, -2);
}
