// Seeded random spellings of the settings the catalog judges, for the setting-spellings
// differential suite (settings.test.ts). Each generator returns a value written the way a
// DBA might write it — in a configuration file (`file`: the text between the quotes) or in
// ALTER ROLE ... SET (`sql`: the value part of the statement) — with random case, quoting,
// whitespace, units, list separators, duplicates, $libdir forms and escapes. Generators do
// not say what a spelling means: the server does (the suite compares it with the model).

export type Rng = () => number;

/** mulberry32 */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const chance = (r: Rng, p: number) => r() < p;

/** Random upper/lower case per character. */
export function mixCase(r: Rng, s: string): string {
  return [...s].map((c) => (chance(r, 0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
}

const ws = (r: Rng) => pick(r, ['', '', ' ', '  ', '\t']);

/** A boolean: words, unambiguous prefixes, 1/0, any case; sometimes something invalid. */
export function boolSpelling(r: Rng, invalid = 0): string {
  if (chance(r, invalid)) return pick(r, ['o', 'yess', 'tru e', '2', 'enable', 'onn']);
  const word = pick(r, ['true', 'false', 'yes', 'no', 'on', 'off', '1', '0']);
  if (word.length <= 1) return word;
  const min = word === 'on' || word === 'off' ? 2 : 1;
  return mixCase(r, word.slice(0, min + Math.floor(r() * (word.length - min + 1))));
}

export function enumSpelling(r: Rng, names: readonly string[], invalid = 0): string {
  if (chance(r, invalid)) return pick(r, ['warn', 'debug6', 'dd', 'scram', 'none,ddl']);
  return mixCase(r, pick(r, names));
}

/** A number of a time setting (base unit given) with a unit, maybe fractional or in another base. */
export function timeSpelling(r: Rng, base: 'ms' | 's' | 'min', invalid = 0): string {
  if (chance(r, invalid)) return pick(r, ['10 mins', '5m', '1 H', '30sec', 'x']);
  const forms = [
    () => `${1 + Math.floor(r() * 120)}`,
    () => `${1 + Math.floor(r() * 300)}${ws(r)}s`,
    () => `${1 + Math.floor(r() * 90)}${ws(r)}min`,
    () => `${1 + Math.floor(r() * 48)}h`,
    () => `${1 + Math.floor(r() * 3)}d`,
    () => `${(1 + Math.floor(r() * 20)) / 2}${ws(r)}min`,
    () => `${1000 * (1 + Math.floor(r() * 60))}ms`,
    () => `0x${(16 + Math.floor(r() * 200)).toString(16)}`,
    () => `${1 + Math.floor(r() * 9)}e1${base === 'ms' ? 'ms' : ''}`,
  ];
  return `${ws(r)}${pick(r, forms)()}${ws(r)}`;
}

export function memorySpelling(r: Rng, invalid = 0): string {
  if (chance(r, invalid)) return pick(r, ['10mb', '1 G', '5KB', '1.5 TBs']);
  const forms = [
    () => `${1 + Math.floor(r() * 100000)}`,
    () => `${1 + Math.floor(r() * 900)}${ws(r)}kB`,
    () => `${1 + Math.floor(r() * 900)}${ws(r)}MB`,
    () => `${(1 + Math.floor(r() * 20)) / 4}${ws(r)}MB`,
    () => `${1 + Math.floor(r() * 2)}GB`,
    () => `${1024 * (1 + Math.floor(r() * 64))}B`,
  ];
  return `${ws(r)}${pick(r, forms)()}`;
}

/** A file mode with the owner bits set, in octal, decimal or hex. */
export function modeSpelling(r: Rng): string {
  const mode = pick(r, [0o600, 0o640, 0o644, 0o660, 0o700, 0o770]);
  return pick(r, [`0${mode.toString(8)}`, String(mode), `0x${mode.toString(16)}`, `00${mode.toString(8)}`]);
}

/** log_line_prefix: literals (no digits, no names) and escapes with padding, %% and dangling %. */
export function prefixSpelling(r: Rng): string {
  const letters = ['m', 't', 'n', 'p', 'c', 'u', 'd', 'h', 'r', 'a', 'l', 'e', 'i', 'q', 'b', 'x', 'v', 'Q', 'P', 'L', 'k', 'z'];
  const literals = [' ', ' [', '] ', ':', '@', 'x=', ' ', ',', '<', '>'];
  let out = '';
  const n = 1 + Math.floor(r() * 7);
  for (let i = 0; i < n; i++) {
    if (chance(r, 0.4)) out += pick(r, literals);
    const roll = r();
    if (roll < 0.12) out += '%%' + pick(r, ['u', 'd', 'p', 'm']); // a literal "%u"
    else if (roll < 0.25) out += `%${pick(r, ['-', ''])}${1 + Math.floor(r() * 12)}${pick(r, letters)}`;
    else out += `%${pick(r, letters)}`;
  }
  if (chance(r, 0.1)) out += pick(r, ['%', '%-', '%12']);
  return out;
}

/** log_destination keeping stderr (the suite reads the stderr log). */
export function destinationSpelling(r: Rng): string {
  const items = [pick(r, ['stderr', 'STDERR', 'Stderr', '"stderr"', '"StdErr"'])];
  if (chance(r, 0.3)) items.push(pick(r, ['stderr', '"STDERR"']));
  return items.map((i) => `${ws(r)}${i}${ws(r)}`).join(',');
}

export function logConnectionsSpelling(r: Rng, major: number, invalid = 0): string {
  if (major < 18) return boolSpelling(r, invalid);
  if (chance(r, invalid)) return pick(r, ['on,receipt', 'tru', 'receipt authentication', 'connections']);
  if (chance(r, 0.25)) return mixCase(r, pick(r, ['on', 'off', 'true', 'false', 'yes', 'no', '1', '0', '']));
  const aspects = ['receipt', 'authentication', 'authorization', 'setup_durations', 'all'];
  const n = 1 + Math.floor(r() * 4);
  const items = Array.from({ length: n }, () => {
    const a = mixCase(r, pick(r, aspects));
    return chance(r, 0.2) ? `"${a}"` : a;
  });
  return items.map((i) => `${ws(r)}${i}${ws(r)}`).join(',');
}

export function pgauditLogSpelling(r: Rng, invalid = 0): string {
  if (chance(r, invalid)) return pick(r, ['reads', 'ddl write', '+ddl', 'all,', '-']);
  const classes = ['read', 'write', 'function', 'role', 'ddl', 'misc', 'misc_set', 'all', 'none'];
  const n = 1 + Math.floor(r() * 4);
  return Array.from({ length: n }, () => {
    const c = `${chance(r, 0.25) ? '-' : ''}${mixCase(r, pick(r, classes))}`;
    return `${ws(r)}${chance(r, 0.15) ? `"${c}"` : c}${ws(r)}`;
  }).join(',');
}

/** search_path items in a configuration file: quoted or not, $user, pg_catalog, pg_temp. */
export function searchPathSpelling(r: Rng, schemas: readonly string[]): string {
  const n = 1 + Math.floor(r() * 4);
  const items = Array.from({ length: n }, () => {
    const roll = r();
    if (roll < 0.15) return pick(r, ['$user', '"$user"', '$USER']);
    if (roll < 0.25) return mixCase(r, pick(r, ['pg_catalog', 'pg_temp', 'public']));
    const s = pick(r, schemas);
    // unquoted only when the name is all lower case and plain: otherwise quote it
    if (/^[a-z_]+$/.test(s) && chance(r, 0.6)) return mixCase(r, s);
    return `"${s.replace(/"/g, '""')}"`;
  });
  return items.map((i) => `${ws(r)}${i}${ws(r)}`).join(',');
}

/** A library list from names the install has, in the forms the loader accepts. */
export function librariesSpelling(r: Rng, libs: readonly string[]): string {
  const n = 1 + Math.floor(r() * Math.min(3, libs.length));
  const chosen = Array.from({ length: n }, () => pick(r, libs));
  return chosen.map((lib) => {
    const form = pick(r, [lib, `${lib}.so`, `$libdir/${lib}`, `$libdir/${lib}.so`, `$libdir//${lib}`, `$libdir/./${lib}`]);
    return `${ws(r)}${chance(r, 0.3) ? `"${form}"` : form}${ws(r)}`;
  }).join(',');
}

/** A value for ALTER ROLE ... SET name = <value>: a literal, a bare word, or a quoted identifier. */
export function sqlValue(r: Rng, text: string): string {
  // a bare word (downcased by the parser); not a reserved word, and not DEFAULT (which resets)
  if (/^[A-Za-z_][A-Za-z_0-9]*$/.test(text) && !['all', 'default', 'none'].includes(text.toLowerCase()) && chance(r, 0.3)) return text;
  if (/^-?\d+$/.test(text) && chance(r, 0.3)) return text; // a number
  return `'${text.replace(/'/g, "''")}'`;
}
