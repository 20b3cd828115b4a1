// Freezes the JavaScript built-ins of the audit engine's context once the engine is loaded:
// every object reachable from globalThis (constructors, prototypes, JSON, Math, the
// language's own pljs/plv8 object, globalThis itself) becomes immutable. Code that later
// runs in this context (only possible for a superuser who makes itself the engine's role)
// can then neither replace the engine (a non-configurable global) nor change a built-in it
// calls (Array.prototype.push, JSON.parse, String.prototype.replace ...).
// The engine's own state lives in closures and is not reachable from globalThis.
export function lockDown(): void {
  const seen = new Set<unknown>();
  const pending: unknown[] = [globalThis];
  while (pending.length) {
    const o = pending.pop();
    if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) continue;
    seen.add(o);
    for (const key of Reflect.ownKeys(o as object)) {
      const d = Reflect.getOwnPropertyDescriptor(o as object, key);
      if (!d) continue;
      if ('value' in d) pending.push(d.value);
      else pending.push(d.get, d.set);
    }
    pending.push(Reflect.getPrototypeOf(o as object));
    Object.freeze(o);
  }
}
