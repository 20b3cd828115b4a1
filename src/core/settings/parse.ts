// One entry point: a setting's value text -> what it means to the server. Checks never parse
// values themselves; the `settings` fact (derive.ts) puts this meaning next to every value it
// carries (server-wide, pending in the files, per role/database), and validators read it.
//
// The result is plain JSON (it travels as jsonb into SQL and as a table into Lua). Every
// reading has `ok` and `key`: two values with the same key mean the same to the server (the
// fact compares a pending value with the running one by key). Kind-specific fields:
//   bool: on | enum: value | int/real: number | string: value
//   list kinds: items (strings as the server uses them), quoted (per item)
//   libraries: items, modules, libraries [{path, module, location}]
//   log_line_prefix: escapes (letters, in order), session_only_tail, truncated, ignored
//   log_destination: destinations | log_connections: aspects (on 13-17 "on" = all three)
//   pgaudit_log: classes | pgaudit_level: level
//   ssl_ciphers: tokens, weak, anull_classes | search_path: items, specials, catalog_implicit
import { JUDGED_SETTINGS, type SettingSpec } from './catalog.ts';
import { parseBool, parseEnum, parseInteger, parseRealNumber, type EnumOption } from './scalar.ts';
import { splitList } from './split.ts';
import { parseLibraries } from './libraries.ts';
import { parseLogLinePrefix } from './log-line-prefix.ts';
import { parsePgauditLevel, parsePgauditLog } from './pgaudit.ts';
import { readCipherList } from './ciphers.ts';
import { parseSearchPath } from './search-path.ts';

export type Parsed = { ok: true; key: string; [field: string]: unknown } | { ok: false; key: string; error: string };

export interface ParseContext {
  major: number;
  /** pg_settings.vartype/unit/enumvals when the server has the setting (fallback spec). */
  vartype?: string | null;
  unit?: string | null;
  enumvals?: string[] | null;
  /** pg_settings.min_val/max_val (numbers): a value outside is refused, as the server does. */
  min_val?: string | number | null;
  max_val?: string | number | null;
}

const bad = (error: string): Parsed => ({ ok: false, key: `!${error}`, error });

/** The spec for a setting: the catalog's, else one made from pg_settings' description. */
export function specFor(name: string, ctx: ParseContext): SettingSpec {
  const known = Object.hasOwn(JUDGED_SETTINGS, name) ? JUDGED_SETTINGS[name] : undefined;
  if (known) {
    // the server's unit wins for numbers: it is the base unit pg_settings.setting is in
    if ((known.kind === 'int' || known.kind === 'real') && ctx.unit !== undefined) return { kind: known.kind, unit: ctx.unit ?? null };
    return known;
  }
  switch (ctx.vartype) {
    case 'bool': return { kind: 'bool' };
    case 'integer': return { kind: 'int', unit: ctx.unit ?? null };
    case 'real': return { kind: 'real', unit: ctx.unit ?? null };
    case 'enum': {
      const options: EnumOption[] = (ctx.enumvals ?? []).map((v) => ({ name: v, value: v }));
      return { kind: 'enum', options: () => options };
    }
    default: return { kind: 'string' };
  }
}

export function parseSetting(name: string, raw: string, ctx: ParseContext): Parsed {
  const spec = specFor(name, ctx);
  const major = ctx.major;
  switch (spec.kind) {
    case 'bool': {
      const r = parseBool(raw);
      return r.ok ? { ok: true, key: r.value ? 'on' : 'off', on: r.value } : bad(r.error);
    }
    case 'enum': {
      const r = parseEnum(raw, spec.options(major));
      return r.ok ? { ok: true, key: String(r.value), value: r.value } : bad(r.error);
    }
    case 'int': case 'real': {
      const r = spec.kind === 'int' ? parseInteger(raw, spec.unit) : parseRealNumber(raw, spec.unit);
      if (!r.ok) return bad(r.error);
      const n = r.value as number;
      const min = ctx.min_val === null || ctx.min_val === undefined ? null : Number(ctx.min_val);
      const max = ctx.max_val === null || ctx.max_val === undefined ? null : Number(ctx.max_val);
      if ((min !== null && n < min) || (max !== null && n > max)) return bad(`${n} is outside the valid range ${min ?? ''}..${max ?? ''}`);
      return { ok: true, key: String(n), number: n };
    }
    case 'string':
      return { ok: true, key: raw, value: raw };
    case 'path': {
      // dynamic_library_path: directories separated by ':' (no quoting), "$libdir" allowed
      const items = raw === '' ? [] : raw.split(':');
      return { ok: true, key: JSON.stringify(items), items };
    }
    case 'directories': {
      const r = splitList(raw, 'directories', major);
      if (!r.ok) return bad(r.error);
      const items = r.items.map((i) => i.value);
      return { ok: true, key: JSON.stringify(items), items };
    }
    case 'libraries': {
      const r = parseLibraries(raw, major, spec.restricted);
      if (!r.ok) return bad(r.error);
      const items = r.libraries.map((l) => l.path);
      return { ok: true, key: JSON.stringify(items), items, modules: r.libraries.map((l) => l.module), libraries: r.libraries };
    }
    case 'log_line_prefix': {
      const r = parseLogLinePrefix(raw, major);
      return { ok: true, key: raw, escapes: r.escapes.join(''), ignored: r.ignored.join(''), session_only_tail: r.session_only_tail, truncated: r.truncated };
    }
    case 'log_destination': {
      const r = splitList(raw, 'identifier', major);
      if (!r.ok) return bad(r.error);
      const allowed = ['stderr', 'csvlog', 'jsonlog', 'syslog'].filter((d) => d !== 'jsonlog' || major >= 15);
      const destinations: string[] = [];
      for (const { value } of r.items) {
        const d = value.toLowerCase();
        if (!allowed.includes(d)) return bad(`unrecognized destination ${JSON.stringify(value)}`);
        if (!destinations.includes(d)) destinations.push(d);
      }
      const sorted = allowed.filter((d) => destinations.includes(d));
      return { ok: true, key: JSON.stringify(sorted), destinations: sorted };
    }
    case 'log_connections': {
      const all = ['receipt', 'authentication', 'authorization'];
      if (major < 18) {
        const r = parseBool(raw);
        return r.ok ? { ok: true, key: r.value ? 'on' : 'off', on: r.value, aspects: r.value ? all : [] } : bad(r.error);
      }
      // 18: a list of aspects or "all"; the old boolean words only whole and alone
      const r = splitList(raw, 'identifier', major);
      if (!r.ok) return bad(r.error);
      const words = r.items.map((i) => i.value.toLowerCase());
      const compat: Record<string, boolean> = { off: false, false: false, no: false, '0': false, on: true, true: true, yes: true, '1': true };
      if (words.length > 0 && Object.hasOwn(compat, words[0])) {
        if (words.length > 1) return bad(`${words[0]} cannot be combined with other options`);
        const on = compat[words[0]];
        return { ok: true, key: JSON.stringify(on ? all : []), aspects: on ? all : [] };
      }
      const known = ['receipt', 'authentication', 'authorization', 'setup_durations'];
      const aspects = new Set<string>();
      for (const w of words) {
        if (w === 'all') known.forEach((k) => aspects.add(k));
        else if (known.includes(w)) aspects.add(w);
        else return bad(`invalid option ${JSON.stringify(w)}`);
      }
      const list = known.filter((k) => aspects.has(k));
      return { ok: true, key: JSON.stringify(list), aspects: list };
    }
    case 'pgaudit_log': {
      const r = parsePgauditLog(raw, major);
      return r.ok ? { ok: true, key: JSON.stringify(r.classes), classes: r.classes } : bad(r.error);
    }
    case 'pgaudit_level': {
      const r = parsePgauditLevel(raw);
      return r.ok ? { ok: true, key: r.level, level: r.level } : bad(r.error);
    }
    case 'ssl_ciphers': {
      const r = readCipherList(raw);
      return { ok: true, key: raw, tokens: r.tokens, weak: r.weak, anull_classes: r.anull_classes };
    }
    case 'search_path': {
      const r = parseSearchPath(raw, major);
      if (!r.ok) return bad(r.error);
      const items = r.items.map((i) => i.name);
      return { ok: true, key: JSON.stringify(items), items, quoted: r.items.map((i) => i.quoted), catalog_implicit: r.catalog_implicit, temp_implicit: r.temp_implicit };
    }
  }
}
