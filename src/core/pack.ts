// A check pack: pg_sec_check's config.json plus the text of every file it references and
// its .loc files. Node reads it from disk, the database from a jsonb row; the engine only
// ever sees this object, so both run the same pack the same way.
import { parseBound, type Version } from './version.ts';
import { parseLoc, LocParseError } from './loc.ts';
import { checkValidatorSource } from './lua/host.ts';
import { sideEffectProblems } from './side-effects.ts';
import { SEVERITIES, isOneOf, type Severity } from './vocabulary.ts';
import { DERIVERS } from './facts/derivers.ts';
import { FACT_COLUMN_RE, FACT_ID_RE, FACT_TYPE_RE, type FactDef } from './facts/model.ts';
import { checkFrameworks, type Framework } from './compliance/framework.ts';

export interface Pack {
  /** Name of the config file for messages, e.g. "checks/config.json". */
  configName: string;
  /** The parsed config.json (validated by compilePack). */
  config: unknown;
  /** Pack-relative path → file text, for every executor and validator script. */
  files: Record<string, string>;
  /** Locale code → .loc file text (from localizations/<code>.loc). */
  locales: Record<string, string>;
  /** Side-effect functions the pack owner allowed its SQL executors to call (upload option). */
  allowSideEffects?: string[];
  /** Validator path → its compiled Lua chunk (base64 of lua_dump), made by `sec-check pack`
   *  from the text beside it. Only stored packs (hash-checked in the database) carry them. */
  chunks?: Record<string, string>;
}

export interface ScriptRef { script: string; min: Version | null; max: Version | null; kind: 'sql' | 'shell' | 'lua' }

export interface CheckItem {
  name: string;
  description: string;
  id: string | null;
  severity: Severity | null;
  cis: string | null;
  executors: ScriptRef[];
  validators: ScriptRef[];
  /** Facts (pack-level "facts") this check reads: computed once per run, bound into its
   *  SQL executors and given to its validators as `facts.<id>`. Empty for most packs. */
  facts: string[];
}

export interface Section { key: string; header: string; description: string; items: CheckItem[] }

export interface CompiledPack {
  header: string;
  reportName: string;
  description: string;
  sections: Section[];
  files: Record<string, string>;
  locales: Map<string, Map<string, string>>;
  chunks?: Record<string, string>;
  /** The pack's facts by id (an extension of pg_sec_check's format; absent = none). */
  facts: Map<string, FactDef>;
  /** The compliance frameworks the pack maps its checks to (config "frameworks"; absent = none). */
  frameworks: Framework[];
}

/** A pack that cannot run. Lists every problem found, each naming file, field and value. */
export class PackError extends Error {
  // A field (defined on the instance), not an assignment: the in-database engine freezes the
  // built-ins, and assigning to a name Error.prototype holds read-only would throw.
  override name = 'PackError';
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems in the check pack:\n- ${problems.join('\n- ')}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(v);
  } catch {
    return Array.isArray(v) ? '(a deeply nested array)' : '(a deeply nested object)'; // too deep to print
  }
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 60) + '…' : s;
}

/** Validate a pack and turn it into the engine's model. Throws PackError with all problems. */
export function compilePack(pack: Pack, opts: { compileLua?: boolean } = {}): CompiledPack {
  const problems: string[] = [];
  const at = (field: string, msg: string) => problems.push(`${pack.configName}: ${field}: ${msg}`);
  const cfg = pack.config;
  if (!isObject(cfg)) throw new PackError([`${pack.configName}: the top level must be a JSON object`]);

  const text = (obj: Record<string, unknown>, key: string, field: string, required: boolean): string => {
    const v = obj[key];
    if (v === undefined && !required) return '';
    if (typeof v !== 'string') { at(field, `expected a string, found ${show(v)}`); return ''; }
    return v;
  };
  const optional = (obj: Record<string, unknown>, key: string, field: string): string | null => {
    const v = obj[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') { at(field, `expected a string, found ${show(v)}`); return null; }
    return v;
  };

  const scripts = (obj: Record<string, unknown>, key: 'executors' | 'validators', field: string): ScriptRef[] => {
    const list = obj[key];
    if (list === undefined && key === 'executors') return [];
    if (!Array.isArray(list)) { at(`${field}.${key}`, `expected an array, found ${show(list)}`); return []; }
    const refs: ScriptRef[] = [];
    list.forEach((entry, i) => {
      const f = `${field}.${key}[${i}]`;
      if (!isObject(entry)) { at(f, `expected an object, found ${show(entry)}`); return; }
      const script = entry.script;
      if (typeof script !== 'string' || script === '') { at(`${f}.script`, `expected a file path, found ${show(script)}`); return; }
      const min = parseBound(entry.min_ver);
      const max = parseBound(entry.max_ver);
      if (min === undefined) at(`${f}.min_ver`, `bad version ${show(entry.min_ver)} (use "none" or a version like "10.0.0")`);
      if (max === undefined) at(`${f}.max_ver`, `bad version ${show(entry.max_ver)} (use "none" or a version like "10.0.0")`);
      const ext = script.toLowerCase().slice(script.lastIndexOf('.'));
      const kind = key === 'validators' ? (ext === '.lua' ? 'lua' : null) : ext === '.sql' ? 'sql' : ext === '.sh' ? 'shell' : null;
      if (!kind) { at(`${f}.script`, `unsupported file type ${show(script)} (${key === 'validators' ? '.lua' : '.sql or .sh'} expected)`); return; }
      if (!(script in pack.files)) { at(`${f}.script`, `file not found: ${script}`); return; }
      if (kind === 'sql') {
        for (const problem of sideEffectProblems(pack.files[script], pack.allowSideEffects ?? [])) at(`${f}.script`, `${script} ${problem}`);
      }
      if (kind === 'lua') {
        const problem = checkValidatorSource(pack.files[script], script, opts.compileLua ?? true);
        if (problem) at(`${f}.script`, problem);
      }
      refs.push({ script, min: min ?? null, max: max ?? null, kind });
    });
    return refs;
  };

  const facts = compileFacts(cfg.facts, pack, at);
  const header = text(cfg, 'header', 'header', false);
  const reportName = text(cfg, 'report_name', 'report_name', false);
  const description = text(cfg, 'description', 'description', false);
  const sections: Section[] = [];
  // Check ids key stored results and .loc messages: one id, one check, across the pack.
  const ids = new Map<string, string>();
  const sectionObj = cfg.section;
  if (!isObject(sectionObj) || Object.keys(sectionObj).length === 0) {
    at('section', `expected an object with at least one group, found ${show(sectionObj)}`);
  } else {
    for (const [key, raw] of Object.entries(sectionObj)) {
      const f = `section.${key}`;
      if (!isObject(raw)) { at(f, `expected an object, found ${show(raw)}`); continue; }
      const items: CheckItem[] = [];
      const names = new Set<string>();
      const list = raw.items;
      if (!Array.isArray(list)) at(`${f}.items`, `expected an array, found ${show(list)}`);
      else list.forEach((item, i) => {
        const fi = `${f}.items[${i}]`;
        if (!isObject(item)) { at(fi, `expected an object, found ${show(item)}`); return; }
        const name = text(item, 'name', `${fi}.name`, true);
        if (name && names.has(name)) at(`${fi}.name`, `duplicate check name ${show(name)} in this section`);
        names.add(name);
        const id = optional(item, 'id', `${fi}.id`);
        if (id !== null && ids.has(id)) at(`${fi}.id`, `duplicate check id ${show(id)} (already used by ${ids.get(id)})`);
        else if (id !== null) ids.set(id, fi);
        const severityText = optional(item, 'severity', `${fi}.severity`);
        const severity = isOneOf(SEVERITIES, severityText) ? severityText : null;
        if (severityText !== null && severity === null) at(`${fi}.severity`, `unknown severity ${show(severityText)} (one of ${SEVERITIES.join(', ')})`);
        const validators = scripts(item, 'validators', fi);
        if (Array.isArray(item.validators) && item.validators.length === 0) at(`${fi}.validators`, 'at least one validator is required');
        const itemFacts: string[] = [];
        if (item.facts !== undefined) {
          if (!Array.isArray(item.facts)) at(`${fi}.facts`, `expected an array of fact ids, found ${show(item.facts)}`);
          else item.facts.forEach((id, j) => {
            if (typeof id !== 'string' || !facts.has(id)) at(`${fi}.facts[${j}]`, `unknown fact ${show(id)} (this pack has: ${[...facts.keys()].join(', ') || 'none'})`);
            else if (!itemFacts.includes(id)) itemFacts.push(id);
          });
        }
        items.push({
          name,
          description: text(item, 'description', `${fi}.description`, false),
          id,
          severity,
          cis: optional(item, 'cis', `${fi}.cis`),
          executors: scripts(item, 'executors', fi),
          validators,
          facts: itemFacts,
        });
      });
      sections.push({
        key,
        header: text(raw, 'header', `${f}.header`, false),
        description: text(raw, 'description', `${f}.description`, false),
        items,
      });
    }
  }

  const locales = new Map<string, Map<string, string>>();
  for (const [code, body] of Object.entries(pack.locales ?? {})) {
    try {
      locales.set(code, parseLoc(body, `localizations/${code}.loc`));
    } catch (e) {
      if (e instanceof LocParseError) problems.push(e.message);
      else throw e;
    }
  }
  const mapped = checkFrameworks(cfg.frameworks, `${pack.configName}: frameworks`, sections.flatMap((s) => s.items.map((i) => ({ id: i.id, cis: i.cis }))));
  problems.push(...mapped.problems);
  if (problems.length) throw new PackError(problems);
  const chunks = pack.chunks && typeof pack.chunks === 'object' ? pack.chunks : undefined;
  return { header, reportName, description, sections, files: pack.files, locales, facts, frameworks: mapped.frameworks, ...(chunks ? { chunks } : {}) };
}

/** The pack's "facts": [{id, description, columns: [[name, type]], executors, derive, facts}]. */
function compileFacts(raw: unknown, pack: Pack, at: (field: string, msg: string) => void): Map<string, FactDef> {
  const facts = new Map<string, FactDef>();
  if (raw === undefined) return facts;
  if (!Array.isArray(raw)) { at('facts', `expected an array, found ${show(raw)}`); return facts; }
  raw.forEach((entry, i) => {
    const f = `facts[${i}]`;
    if (!isObject(entry)) { at(f, `expected an object, found ${show(entry)}`); return; }
    const id = entry.id;
    if (typeof id !== 'string' || !FACT_ID_RE.test(id)) { at(`${f}.id`, `expected an identifier [a-z][a-z0-9_]*, found ${show(id)}`); return; }
    if (facts.has(id)) { at(`${f}.id`, `duplicate fact id ${show(id)}`); return; }
    const columns: [string, string][] = [];
    if (!Array.isArray(entry.columns) || entry.columns.length === 0) at(`${f}.columns`, `expected [[name, type], ...], found ${show(entry.columns)}`);
    else entry.columns.forEach((c, j) => {
      if (!Array.isArray(c) || c.length !== 2 || typeof c[0] !== 'string' || typeof c[1] !== 'string' || !FACT_COLUMN_RE.test(c[0]) || !FACT_TYPE_RE.test(c[1])) {
        at(`${f}.columns[${j}]`, `expected [name, sql type] of plain identifiers, found ${show(c)}`);
      } else columns.push([c[0], c[1]]);
    });
    const derive = entry.derive === undefined || entry.derive === null ? null : entry.derive;
    if (derive !== null && (typeof derive !== 'string' || !(derive in DERIVERS))) at(`${f}.derive`, `unknown deriver ${show(derive)} (known: ${Object.keys(DERIVERS).join(', ') || 'none'})`);
    const executors: FactDef['executors'] = [];
    if (!Array.isArray(entry.executors) || entry.executors.length === 0) at(`${f}.executors`, `expected a non-empty array, found ${show(entry.executors)}`);
    else entry.executors.forEach((e, j) => {
      const fe = `${f}.executors[${j}]`;
      if (!isObject(e) || typeof e.script !== 'string' || !e.script.toLowerCase().endsWith('.sql')) { at(`${fe}.script`, `expected a .sql file, found ${show(isObject(e) ? e.script : e)}`); return; }
      if (!(e.script in pack.files)) { at(`${fe}.script`, `file not found: ${e.script}`); return; }
      for (const problem of sideEffectProblems(pack.files[e.script], pack.allowSideEffects ?? [])) at(`${fe}.script`, `${e.script} ${problem}`);
      const min = parseBound(e.min_ver);
      const max = parseBound(e.max_ver);
      if (min === undefined) at(`${fe}.min_ver`, `bad version ${show(e.min_ver)} (use "none" or a version like "10.0.0")`);
      if (max === undefined) at(`${fe}.max_ver`, `bad version ${show(e.max_ver)} (use "none" or a version like "10.0.0")`);
      executors.push({ script: e.script, min: min ?? null, max: max ?? null });
    });
    // facts this one reads: each must come earlier in the list (so no cycles, and the
    // runner can read them in list order)
    const reads: string[] = [];
    if (entry.facts !== undefined) {
      if (!Array.isArray(entry.facts)) at(`${f}.facts`, `expected an array of fact ids, found ${show(entry.facts)}`);
      else entry.facts.forEach((d, j) => {
        if (typeof d !== 'string' || !facts.has(d)) at(`${f}.facts[${j}]`, `expected the id of a fact listed before this one, found ${show(d)}`);
        else reads.push(d);
      });
    }
    facts.set(id, {
      id,
      description: typeof entry.description === 'string' ? entry.description : '',
      columns,
      executors,
      derive: typeof derive === 'string' ? derive : null,
      facts: reads,
    });
  });
  return facts;
}

/** Pick the sections to run; unknown group names are an error naming the valid ones. */
export function selectSections(pack: CompiledPack, groups: string[] | null): Section[] {
  if (!groups || groups.length === 0) return pack.sections;
  const known = new Set(pack.sections.map((s) => s.key));
  const unknown = groups.filter((g) => !known.has(g));
  if (unknown.length) {
    throw new PackError([`unknown group${unknown.length > 1 ? 's' : ''} ${unknown.map((g) => JSON.stringify(g)).join(', ')}; this pack has: ${[...known].join(', ')}`]);
  }
  const wanted = new Set(groups);
  return pack.sections.filter((s) => wanted.has(s.key));
}
