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
export function pushJsValue(L: LuaState, value: unknown): void {
  const p = new Pusher(L);
  try {
    p.push(value, 0);
  } finally {
    p.done();
  }
}

/**
 * Pushes several values as fields of the table at `table` in one go (a validator's globals).
 * Object keys are made Lua strings once per call (evidence rows repeat the same column names
 * thousands of times; encoding and hashing each again was most of the cost inside QuickJS),
 * and a JS array or object given twice (sql_results and executor_results[i].rows) becomes
 * one Lua table.
 */
export function setJsFields(L: LuaState, table: number, fields: Record<string, unknown>): void {
  const t = lua.lua_absindex(L, table);
  const p = new Pusher(L);
  try {
    for (const [key, value] of Object.entries(fields)) {
      p.pushKey(key);
      p.push(value, 0);
      lua.lua_rawset(L, t);
    }
  } finally {
    p.done();
  }
}

class Pusher {
  private readonly keys = new Map<string, number>();
  private readonly tables = new Map<object, number>();
  private readonly store: number;
  private next = 0;

  constructor(private readonly L: LuaState) {
    // interned key strings and already pushed tables live in one side table
    lua.lua_createtable(L, 64, 0);
    this.store = lua.lua_gettop(L);
  }

  done(): void {
    lua.lua_remove(this.L, this.store);
  }

  pushKey(key: string): void {
    const L = this.L;
    let n = this.keys.get(key);
    if (n === undefined) {
      pushString(L, key);
      n = ++this.next;
      lua.lua_pushvalue(L, -1);
      lua.lua_rawseti(L, this.store, n);
      this.keys.set(key, n);
      return;
    }
    lua.lua_rawgeti(L, this.store, n);
  }

  push(value: unknown, depth: number): void {
    const L = this.L;
    if (depth > MAX_DEPTH) throw new Error(`value nested deeper than ${MAX_DEPTH} levels`);
    if (!lua.lua_checkstack(L, 4)) throw new Error('Lua stack exhausted');
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
        else pushString(L, value.toString());
        return;
      case 'string':
        pushString(L, value);
        return;
      case 'object':
        if (value === null) break;
        if (value instanceof Date) {
          pushString(L, value.toISOString());
          return;
        }
        this.pushTable(value, depth);
        return;
    }
    lua.lua_pushnil(L); // null, undefined, functions, symbols
  }

  private pushTable(value: object, depth: number): void {
    const L = this.L;
    const seen = this.tables.get(value);
    if (seen !== undefined) {
      lua.lua_rawgeti(L, this.store, seen);
      return;
    }
    if (Array.isArray(value)) {
      lua.lua_createtable(L, value.length, 0);
      const t = lua.lua_gettop(L);
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (item === null || item === undefined) continue; // a hole, as Lua would have it
        this.push(item, depth + 1);
        lua.lua_rawseti(L, t, i + 1);
      }
    } else {
      const keys = Object.keys(value);
      lua.lua_createtable(L, 0, keys.length);
      const t = lua.lua_gettop(L);
      const rec = value as Record<string, unknown>;
      for (const key of keys) {
        const item = rec[key];
        if (item === null || item === undefined) continue;
        this.pushKey(key);
        this.push(item, depth + 1);
        lua.lua_rawset(L, t);
      }
    }
    const n = ++this.next;
    lua.lua_pushvalue(L, -1);
    lua.lua_rawseti(L, this.store, n);
    this.tables.set(value, n);
  }
}

function pushNumber(L: LuaState, n: number): void {
  if (Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX) lua.lua_pushinteger(L, n);
  else lua.lua_pushnumber(L, n);
}

/** Pushes a JS string as UTF-8; ASCII text is copied byte for byte in one pass (fengari's
 *  general encoder builds a JS array first and copies it twice). */
export function pushString(L: LuaState, s: string): void {
  const n = s.length;
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) {
      lua.lua_pushstring(L, to_luastring(s));
      return;
    }
    bytes[i] = c;
  }
  lua.lua_pushstring(L, bytes);
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
