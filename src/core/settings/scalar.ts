// Scalar setting values as the server parses them (src/backend/utils/misc/guc.c,
// src/backend/utils/adt/bool.c; documented in "Parameter Names and Values",
// config-setting.html):
// - boolean: on/off, true/false, yes/no, 1/0, case-insensitively, and any unambiguous prefix
//   of them ("t", "fa", "of"; "o" alone is ambiguous). No surrounding whitespace.
// - enum: one of the setting's names (hidden aliases included, e.g. "debug" = debug2),
//   case-insensitively, whole word only.
// - integer: strtol with base 0 (so "0x1F" is hex and "0600" octal), or a decimal/exponent
//   form rounded after unit conversion; whitespace may sit before the number and between
//   number and unit; units are case-sensitive (B kB MB GB TB; us ms s min h d) and only for
//   settings that have a unit. A fractional value in a unit is first rounded to the next
//   smaller unit (30.1GB -> whole MB), then to the setting's base unit.
// - real: strtod, same units.

export type Scalar = { ok: true; value: boolean | number | string } | { ok: false; error: string };

const BOOL_WORDS: [string, boolean][] = [['true', true], ['false', false], ['yes', true], ['no', false]];

/** parse_bool */
export function parseBool(raw: string): Scalar {
  const v = raw.toLowerCase();
  if (v === '1') return { ok: true, value: true };
  if (v === '0') return { ok: true, value: false };
  if (v.length > 0) {
    for (const [word, value] of BOOL_WORDS) {
      if (word[0] === v[0]) return word.startsWith(v) ? { ok: true, value } : { ok: false, error: `not a boolean: ${raw}` };
    }
    if (v[0] === 'o' && v.length >= 2) {
      if ('on'.startsWith(v)) return { ok: true, value: true };
      if ('off'.startsWith(v)) return { ok: true, value: false };
    }
  }
  return { ok: false, error: `not a boolean: ${raw}` };
}

export interface EnumOption { name: string; value: string }

/** config_enum_lookup_by_name: the canonical name of the option the value names. */
export function parseEnum(raw: string, options: EnumOption[]): Scalar {
  const v = raw.toLowerCase();
  const hit = options.find((o) => o.name.toLowerCase() === v);
  return hit ? { ok: true, value: hit.value } : { ok: false, error: `not one of ${options.map((o) => o.name).join(', ')}: ${raw}` };
}

/** Base units as pg_settings.unit shows them, and the unit table each belongs to. */
type UnitTable = 'memory' | 'time';
const BASE_UNITS: Record<string, { table: UnitTable; bytesOrMs: number }> = {
  B: { table: 'memory', bytesOrMs: 1 },
  kB: { table: 'memory', bytesOrMs: 1024 },
  MB: { table: 'memory', bytesOrMs: 1024 * 1024 },
  '8kB': { table: 'memory', bytesOrMs: 8192 },
  ms: { table: 'time', bytesOrMs: 1 },
  s: { table: 'time', bytesOrMs: 1000 },
  min: { table: 'time', bytesOrMs: 60000 },
};
// largest first, as the server's tables are ordered (the next entry is the next smaller unit)
const MEMORY_UNITS: [string, number][] = [['TB', 1024 ** 4], ['GB', 1024 ** 3], ['MB', 1024 ** 2], ['kB', 1024], ['B', 1]];
const TIME_UNITS: [string, number][] = [['d', 86400000], ['h', 3600000], ['min', 60000], ['s', 1000], ['ms', 1], ['us', 0.001]];

/** The units a setting with this base unit accepts (memory units B and up; time us and up). */
function unitTable(base: string): [string, number][] | null {
  const b = BASE_UNITS[base];
  if (!b) return null;
  return b.table === 'memory' ? MEMORY_UNITS : TIME_UNITS;
}

/** convert_to_base_unit: null when the unit is not one the setting accepts. */
function toBaseUnit(value: number, unitText: string, base: string): number | null {
  const table = unitTable(base);
  if (!table) return null;
  const m = /^(\S{1,3})\s*$/.exec(unitText);
  if (!m) return null;
  const baseSize = BASE_UNITS[base].bytesOrMs;
  const at = table.findIndex(([u]) => u === m[1]);
  if (at < 0) return null;
  // memory units smaller than the base unit exist in the server's table (B for kB settings),
  // time units as well (us for ms): every unit is accepted for every base of its kind
  const multiplier = table[at][1] / baseSize;
  let converted = value * multiplier;
  if (at + 1 < table.length) {
    const next = table[at + 1][1] / baseSize;
    converted = roundHalfEven(converted / next) * next;
  }
  return converted;
}

/** C isspace in the "C" locale. */
function isCSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v';
}

/** strtol(value, &end, 0): the number and where it stopped (null: no digits). */
function strtol(s: string): { value: number; end: number; overflow: boolean } | null {
  let i = 0;
  while (isCSpace(s[i])) i++;
  let sign = 1;
  if (s[i] === '+' || s[i] === '-') { if (s[i] === '-') sign = -1; i++; }
  let base = 10;
  let digits = '0123456789';
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
    base = 16; digits = '0123456789abcdef'; i += 2;
  } else if (s[i] === '0') {
    base = 8; digits = '01234567';
  }
  const start = i;
  let value = 0;
  while (i < s.length && digits.includes(s[i].toLowerCase())) { value = value * base + digits.indexOf(s[i].toLowerCase()); i++; }
  if (i === start) return null;
  // long is 64-bit on the servers sec_check runs against
  return { value: sign * value, end: i, overflow: value > 9223372036854775807 };
}

/** strtod: decimal and exponent forms, inf/infinity/nan (C locale); null when nothing parses. */
function strtod(s: string): { value: number; end: number } | null {
  const m = /^[ \t\n\r\f\v]*([+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan))/i.exec(s);
  if (!m) return null;
  const text = m[1].toLowerCase();
  let value: number;
  if (text.replace(/^[+-]/, '').startsWith('inf')) value = text.startsWith('-') ? -Infinity : Infinity;
  else if (text.replace(/^[+-]/, '') === 'nan') value = NaN;
  else value = Number(m[1]);
  return { value, end: m[0].length };
}

/** parse_int: the value in the setting's base unit (pg_settings.unit), as an integer. */
export function parseInteger(raw: string, baseUnit: string | null): Scalar {
  let parsed: { value: number; end: number } | null = null;
  const asInt = strtol(raw);
  const next = asInt ? raw[asInt.end] : undefined;
  if (!asInt || next === '.' || next === 'e' || next === 'E' || asInt.overflow) parsed = strtod(raw);
  else parsed = asInt;
  if (!parsed || Number.isNaN(parsed.value)) return { ok: false, error: `not a number: ${raw}` };
  let value = parsed.value;
  let rest = raw.slice(parsed.end);
  rest = rest.replace(/^[ \t\n\r\f\v]+/, '');
  if (rest !== '') {
    if (!baseUnit) return { ok: false, error: `this setting takes no unit: ${raw}` };
    const converted = toBaseUnit(value, rest, baseUnit);
    if (converted === null) return { ok: false, error: `not a valid unit: ${raw}` };
    value = converted;
  }
  value = roundHalfEven(value);
  if (value > 2147483647 || value < -2147483648) return { ok: false, error: `out of integer range: ${raw}` };
  return { ok: true, value };
}

/** parse_real: the value in the setting's base unit. */
export function parseRealNumber(raw: string, baseUnit: string | null): Scalar {
  const parsed = strtod(raw);
  if (!parsed || Number.isNaN(parsed.value)) return { ok: false, error: `not a number: ${raw}` };
  let value = parsed.value;
  const rest = raw.slice(parsed.end).replace(/^[ \t\n\r\f\v]+/, '');
  if (rest !== '') {
    if (!baseUnit) return { ok: false, error: `this setting takes no unit: ${raw}` };
    const converted = toBaseUnit(value, rest, baseUnit);
    if (converted === null) return { ok: false, error: `not a valid unit: ${raw}` };
    value = converted;
  }
  return { ok: true, value };
}

/** rint() in the default rounding mode: halves to even. */
function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
