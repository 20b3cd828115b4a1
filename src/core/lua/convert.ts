// Value conversion between JSON-like JS values and Lua (fengari).
import { lua, to_jsstring, to_luastring, type LuaState } from 'fengari';
import { TValue } from 'fengari/src/lobject.js';
import { luaS_bless } from 'fengari/src/lstring.js';
import { luaH_new, luaH_setfrom, luaH_setint } from 'fengari/src/ltable.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/** Deeper input is certainly a bug (or a cycle); refuse it instead of overflowing the stack. */
const MAX_DEPTH = 64;

/**
 * Pushes one JS value. null/undefined -> nil; integral numbers that fit fengari's 32-bit
 * integers -> integer, other numbers -> float; arrays -> 1-based sequences; plain objects ->
 * string-keyed tables whose null/undefined members are left out. Throws on cycles/too deep.
 */
export function pushJsValue(L: LuaState, value: unknown): void {
  new Builder(L).push(value);
}

/**
 * Sets several values as fields of the table at `table` in one go (a validator's globals).
 * Tables are built with fengari's table internals, without the C API's stack traffic; object
 * keys become Lua strings once per call (evidence rows repeat the same column names
 * thousands of times); a JS array or object given twice (sql_results and
 * executor_results[i].rows) becomes one Lua table. Inside QuickJS this made pushing an
 * evidence row of 14 columns several times cheaper.
 */
export function setJsFields(L: LuaState, table: number, fields: Record<string, unknown>): void {
  const b = new Builder(L);
  const target = lua.lua_topointer(L, table);
  for (const [key, value] of Object.entries(fields)) {
    const v = b.value(value, 0);
    if (v !== null) luaH_setfrom(L, target, b.key(key), v);
  }
}

// fengari's type tags (defs.js constant_types) for the values built here
const T_BOOLEAN = 1;
const T_NUMFLT = 3;
const T_NUMINT = 3 | (1 << 4);
const T_STRING = 4 | (1 << 4);
const T_TABLE = 5;

class Builder {
  private readonly keys = new Map<string, TValue>();
  private readonly tables = new Map<object, TValue>();

  constructor(private readonly L: LuaState) {}

  /** Pushes the value on the stack. */
  push(value: unknown): void {
    const L = this.L;
    if (!lua.lua_checkstack(L, 2)) throw new Error('Lua stack exhausted');
    const v = this.value(value, 0);
    if (v === null) lua.lua_pushnil(L);
    else if (v.type === T_TABLE) {
      // a table made through the API (so it is on the stack), filled from the built one
      lua.lua_createtable(L, 0, 0);
      const t = lua.lua_topointer(L, -1) as { f: { key: TValue; value: TValue; n: unknown } | null };
      for (let e = (v.value as typeof t).f; e; e = e.n as typeof e) luaH_setfrom(L, t, e.key, e.value);
    } else if (v.type === T_BOOLEAN) lua.lua_pushboolean(L, v.value as boolean);
    else if (v.type === T_STRING) lua.lua_pushstring(L, (v.value as { realstring: Uint8Array }).realstring);
    else if (v.type === T_NUMINT) lua.lua_pushinteger(L, v.value as number);
    else lua.lua_pushnumber(L, v.value as number);
  }

  key(key: string): TValue {
    let k = this.keys.get(key);
    if (k === undefined) {
      k = new TValue(T_STRING, luaS_bless(this.L, stringBytes(key)));
      this.keys.set(key, k);
    }
    return k;
  }

  /** The value as a Lua value, or null for nil. */
  value(value: unknown, depth: number): TValue | null {
    if (depth > MAX_DEPTH) throw new Error(`value nested deeper than ${MAX_DEPTH} levels`);
    switch (typeof value) {
      case 'boolean':
        return new TValue(T_BOOLEAN, value);
      case 'number':
        return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX ? new TValue(T_NUMINT, value) : new TValue(T_NUMFLT, value);
      case 'bigint':
        // Exact digits beat a rounded float: beyond 2^53 a validator gets the decimal string.
        if (value >= -9007199254740991n && value <= 9007199254740991n) return this.value(Number(value), depth);
        return new TValue(T_STRING, luaS_bless(this.L, stringBytes(value.toString())));
      case 'string':
        return new TValue(T_STRING, luaS_bless(this.L, stringBytes(value)));
      case 'object':
        if (value === null) return null;
        if (value instanceof Date) return new TValue(T_STRING, luaS_bless(this.L, stringBytes(value.toISOString())));
        return this.table(value, depth);
    }
    return null; // undefined, functions, symbols
  }

  private table(value: object, depth: number): TValue {
    const seen = this.tables.get(value);
    if (seen !== undefined) return seen;
    const t = luaH_new(this.L);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v = value[i] === null || value[i] === undefined ? null : this.value(value[i], depth + 1);
        if (v !== null) luaH_setint(t, i + 1, v); // a hole, as Lua would have it
      }
    } else {
      const rec = value as Record<string, unknown>;
      for (const key of Object.keys(rec)) {
        const item = rec[key];
        if (item === null || item === undefined) continue;
        const v = this.value(item, depth + 1);
        if (v !== null) luaH_setfrom(this.L, t, this.key(key), v);
      }
    }
    const tv = new TValue(T_TABLE, t);
    this.tables.set(value, tv);
    return tv;
  }
}

/** UTF-8 bytes of a JS string; ASCII text in one pass (fengari's general encoder builds a
 *  JS array first). */
function stringBytes(s: string): Uint8Array {
  const n = s.length;
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return to_luastring(s);
    bytes[i] = c;
  }
  return bytes;
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

/** Lua's `next` (the iterator `pairs` returns), as a C function. */
const rawNext = (L2: LuaState): number => {
  lua.lua_settop(L2, 2);
  if (lua.lua_next(L2, 1) !== 0) return 2;
  lua.lua_pushnil(L2);
  return 1;
};

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
        pushJsValue(L2, item);
        lua.lua_rawseti(L2, 1, i + 1);
      });
    } else {
      for (const k of keys!) {
        lua.lua_pushstring(L2, to_luastring(k));
        pushJsValue(L2, (src as Record<string, unknown>)[k]);
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
    pushJsValue(L2, value);
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
    // `next` itself, not looked up: a validator's global table is an environment of its own
    lua.lua_pushcfunction(L2, rawNext);
    lua.lua_pushvalue(L2, 1);
    lua.lua_pushnil(L2);
    return 3;
  });
  lua.lua_setfield(L, -2, to_luastring('__pairs'));
  lua.lua_setmetatable(L, -2);
}
