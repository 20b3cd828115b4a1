// Canonical JSON (RFC 8785, the JSON Canonicalization Scheme): the exact bytes a signed
// report's signature covers. Objects: members sorted by their names' UTF-16 code units, no
// whitespace; strings: as ECMAScript's JSON.stringify writes them (the escapes RFC 8785
// prescribes); numbers: ECMAScript's shortest round-trip form (1e+21, 1e-7, -0 as 0); arrays
// keep their order. Values that JSON cannot carry (NaN, Infinity, undefined in an array,
// functions, lone surrogates) are refused rather than written some other way.
export class CanonicalJsonError extends Error {}

function serialize(value: unknown, path: string, depth: number): string {
  if (depth > 1000) throw new CanonicalJsonError(`${path}: nested deeper than 1000 levels`);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${path}: ${value} has no JSON form`);
      return JSON.stringify(value); // ECMAScript Number::toString; -0 gives "0"
    case 'string':
      // a lone surrogate has no UTF-8 form: JSON.stringify would write \udxxx, RFC 8785 refuses it
      if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)) {
        throw new CanonicalJsonError(`${path}: a string holds a lone surrogate`);
      }
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v, i) => {
          if (v === undefined || typeof v === 'function') throw new CanonicalJsonError(`${path}[${i}]: no JSON value`);
          return serialize(v, `${path}[${i}]`, depth + 1);
        }).join(',')}]`;
      }
      const obj = value as Record<string, unknown>;
      // default sort compares UTF-16 code units, as RFC 8785 orders member names
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      return `{${keys.map((k) => `${serialize(k, path, depth + 1)}:${serialize(obj[k], `${path}.${k}`, depth + 1)}`).join(',')}}`;
    }
    default:
      throw new CanonicalJsonError(`${path}: a ${typeof value} has no JSON form`);
  }
}

/** The canonical JSON text of a value (encode as UTF-8 to get the signed bytes). */
export function canonicalJson(value: unknown): string {
  return serialize(value, '$', 0);
}
