// The text PostgreSQL prints for a jsonb value (jsonb::text), so the build can compute the
// sha256 the database computes for the builtin pack row (sec_check.pack_sha256) and compile
// it into the extension: keys sorted by length then bytes, ", " and ": " separators, strings
// escaped as escape_json does. Numbers are printed as JSON.stringify does, which matches
// numeric output for the integers and short decimals a pack holds; the in-database tests
// fail loudly if it ever differs (every builtin run would be refused).
const encoder = new TextEncoder();

function compareKeys(a, b) {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  if (x.length !== y.length) return x.length - y.length;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

function quote(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

export function jsonbText(value) {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || /e/i.test(String(value))) throw new Error(`jsonbText: number ${value} has no exact jsonb text here`);
    return String(value);
  }
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  const keys = Object.keys(value).sort(compareKeys);
  return `{${keys.map((k) => `${quote(k)}: ${jsonbText(value[k])}`).join(', ')}}`;
}
