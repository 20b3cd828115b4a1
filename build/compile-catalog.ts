// Catalog compiler: turns checks/<group>/<check-id>/ folders into a pg_sec_check pack
// (config.json + scripts + localizations/<locale>.loc) for the engine.
//
//   const catalog = await compileCatalog({ checksDir: 'checks', outDir: 'dist/catalog' });
//   writeFileSync('docs/checks.md', renderChecksDoc(catalog));   // build/checks-doc.ts
//
// The check model is the core's: severities and locales come from src/core/vocabulary.ts,
// script versions are read by parseBound and validators checked by checkValidatorSource,
// exactly as the engine does when it loads the pack. check.json and group.json are validated
// against schema/*.schema.json; fixtures.json (test fixtures) by build/check-fixtures.ts.
// Every problem an author can cause is collected and reported at once, naming the folder,
// file and field. checks/_lib/*.lua (shared helpers) is put in front of every compiled
// validator so each stays a standalone script, checks/_lib/sql/NAME.sql is put where a .sql
// executor says `-- include: NAME`, and checks/_lib/messages.json provides the
// shared "common.<key>" messages. checks/catalog.json holds the pack's header texts.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES, type Locale } from '../src/core/vocabulary.ts';
import { parseBound } from '../src/core/version.ts';
import { checkValidatorSource } from '../src/core/lua/host.ts';
import { checkSingleSelect } from './catalog-sql.ts';
import { schemaProblems } from './schema-check.ts';
import { fixtureProblems, FIXTURES_FILE } from './check-fixtures.ts';
import { DERIVERS } from '../src/core/facts/derivers.ts';
import { factCte } from '../src/core/facts/model.ts';
import { compileFrameworks } from './compile-frameworks.ts';
import { SECRET_PATTERNS, secretPatternsSql, subsetProblems } from '../src/core/secrets/patterns.ts';
import type { CatalogJson, CheckJson, CompiledCatalog, FactJson, FixCatalog, FixEntry, GroupJson, Localized, PackConfig, PackFact, PackItem, PackScriptRef, ScriptEntry } from './catalog-types.ts';

export { checkSingleSelect, sqlSkeleton } from './catalog-sql.ts';
export { renderChecksDoc, whereItRuns } from './checks-doc.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHECK_SCHEMA = path.join(ROOT, 'schema/check.schema.json');
export const GROUP_SCHEMA = path.join(ROOT, 'schema/group.schema.json');
export const FACT_SCHEMA = path.join(ROOT, 'schema/fact.schema.json');
const FACTS_DIR = '_facts';

const KEY_RE = /^[a-z0-9_]+$/;
const COMMON = 'common';
const LIB_DIR = '_lib';
const CATALOG_FILE = 'catalog.json';
const DOC_FILE = 'doc.md';

export class CatalogError extends Error {
  constructor(readonly problems: string[]) {
    super(`check catalog has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
    this.name = 'CatalogError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => { const s = JSON.stringify(v); return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 60)}…` : s; };

async function exists(p: string): Promise<boolean> {
  try { await fs.access(p); return true; } catch { return false; }
}

async function subdirs(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
}

async function readJson(file: string, rel: string, problems: string[]): Promise<unknown> {
  let text: string;
  try { text = await fs.readFile(file, 'utf8'); } catch { problems.push(`${rel}: file is missing`); return undefined; }
  try { return JSON.parse(text); } catch (e) { problems.push(`${rel}: invalid JSON (${(e as Error).message})`); return undefined; }
}

/** `locale_msg("key")` literals in Lua source. */
export function localeKeysUsed(luaSource: string): string[] {
  const keys: string[] = [];
  const re = /locale_msg\s*\(\s*(["'])([^"'\n]*)\1\s*\)/g;
  for (let m; (m = re.exec(luaSource));) keys.push(m[2]);
  return keys;
}

/** Validate messages.json content; returns a Map key → text per locale. */
function readMessages(raw: unknown, rel: string, problems: string[]): Map<string, Localized> {
  const out = new Map<string, Localized>();
  if (raw === undefined) return out;
  if (!isObject(raw)) { problems.push(`${rel}: expected an object {key: {${LOCALES.join(', ')}}}, found ${show(raw)}`); return out; }
  for (const [key, value] of Object.entries(raw)) {
    if (!KEY_RE.test(key)) problems.push(`${rel}: key ${show(key)} must match ${KEY_RE}`);
    if (!isObject(value)) { problems.push(`${rel}: ${key}: expected {${LOCALES.map((l) => `"${l}": "..."`).join(', ')}}, found ${show(value)}`); continue; }
    let ok = true;
    for (const lang of LOCALES) {
      const text = value[lang];
      if (typeof text !== 'string' || text.trim() === '') { problems.push(`${rel}: ${key}.${lang}: missing or empty (every message needs ${LOCALES.join(' and ')})`); ok = false; continue; }
      if (/[\r\n]/.test(text)) { problems.push(`${rel}: ${key}.${lang}: messages must be a single line`); ok = false; }
    }
    for (const lang of Object.keys(value)) if (!(LOCALES as readonly string[]).includes(lang)) problems.push(`${rel}: ${key}: unknown language ${show(lang)} (expected ${LOCALES.join(', ')})`);
    if (ok) out.set(key, value as Localized);
  }
  return out;
}

interface ScriptFile { script: string; min_ver: string; max_ver: string; text: string; ext: string }
interface CheckFolder {
  group: string;
  relDir: string;
  meta: CheckJson;
  executors: ScriptFile[];
  validators: ScriptFile[];
  messages: Map<string, Localized>;
  doc: string | null;
  fix: { text?: string; manual?: string; note?: string; settings?: Record<string, string> } | null;
  /** Facts the check reads: check.json "facts" plus those its SQL includes. */
  facts: string[];
}

/** A fact folder (checks/_facts/<id>/), read and checked; `facts`: the facts it reads (its queries' includes and fact.json "facts"). */
interface FactFolder { meta: FactJson; executors: ScriptFile[]; facts: string[] }

/**
 * Reads every fact folder. A fact may read other facts — its query includes them
 * (`-- include: fact:<id>`), or fact.json "facts" names them for its deriver: the result is
 * ordered so that every fact comes after the facts it reads (the runner reads them in this
 * order); a cycle is a problem naming the facts in it.
 */
async function readFacts(checksDir: string, problems: string[], sqlBlocks: Map<string, string>): Promise<Map<string, FactFolder>> {
  const facts = new Map<string, FactFolder>();
  const dir = path.join(checksDir, FACTS_DIR);
  if (!(await exists(dir))) return facts;
  // first the metadata of all (a query may include a fact whose folder sorts later)
  const metas = new Map<string, FactJson>();
  for (const folder of await subdirs(dir)) {
    const raw = await readJson(path.join(dir, folder, 'fact.json'), `${FACTS_DIR}/${folder}/fact.json`, []).catch(() => undefined);
    if (raw && typeof raw === 'object' && (raw as FactJson).id === folder && Array.isArray((raw as FactJson).columns)) metas.set(folder, raw as FactJson);
  }
  const known = new Map([...metas].map(([id, meta]) => [id, { meta, executors: [], facts: [] } as FactFolder]));
  const unordered = new Map<string, FactFolder>();
  for (const folder of await subdirs(dir)) {
    const relDir = `${FACTS_DIR}/${folder}`;
    const raw = await readJson(path.join(dir, folder, 'fact.json'), `${relDir}/fact.json`, problems);
    if (raw === undefined) continue;
    const before = problems.length;
    problems.push(...schemaProblems(FACT_SCHEMA, raw, `${relDir}/fact.json`));
    if (problems.length > before) continue;
    const meta = raw as FactJson;
    const at = (field: string, msg: string) => problems.push(`${relDir}/fact.json: ${field}: ${msg}`);
    if (meta.id !== folder) at('id', `${show(meta.id)} must equal the folder name ${show(folder)}`);
    if (meta.derive && !(meta.derive in DERIVERS)) at('derive', `unknown deriver ${show(meta.derive)} (known: ${Object.keys(DERIVERS).join(', ') || 'none'}; src/core/facts/derivers.ts)`);
    const names = meta.columns.map(([n]) => n);
    if (new Set(names).size !== names.length) at('columns', `duplicate column names in ${show(names)}`);
    // facts its deriver reads (fact.json "facts"), then those its queries include
    const used = new Set<string>();
    for (const [i, id] of (meta.facts ?? []).entries()) {
      if (id === meta.id) at(`facts[${i}]`, `a fact cannot read itself`);
      else if (!known.has(id)) at(`facts[${i}]`, `no fact ${show(id)} in checks/${FACTS_DIR}/ (have: ${[...known.keys()].join(', ') || 'none'})`);
      else used.add(id);
    }
    const executors: ScriptFile[] = [];
    for (const [i, entry] of meta.executors.entries()) {
      for (const bound of ['min_ver', 'max_ver'] as const) {
        if (parseBound(entry[bound]) === undefined) at(`executors[${i}].${bound}`, `bad version ${show(entry[bound])} (use "none" or a version like "18.0.0")`);
      }
      const rel = `${relDir}/${entry.script}`;
      let text: string;
      try { text = await fs.readFile(path.join(dir, folder, entry.script), 'utf8'); } catch { at(`executors[${i}].script`, `file not found: ${rel}`); continue; }
      text = expandSqlIncludes(text, sqlBlocks, rel, problems, { known, used });
      if (used.has(meta.id)) problems.push(`${rel}: include "fact:${meta.id}": a fact cannot read itself`);
      const problem = checkSingleSelect(text);
      if (problem) problems.push(`${rel}: ${problem}`);
      executors.push({ script: entry.script, min_ver: entry.min_ver ?? 'none', max_ver: entry.max_ver ?? 'none', text, ext: '.sql' });
    }
    if (problems.length === before) unordered.set(meta.id, { meta, executors, facts: [...used].sort() });
  }
  // dependency order (stable: folder order among facts that are ready at the same time)
  const pending = new Map(unordered);
  while (pending.size) {
    const ready = [...pending.values()].filter((f) => f.facts.every((d) => facts.has(d) || !pending.has(d)));
    if (!ready.length) {
      problems.push(`${FACTS_DIR}/: facts that read each other in a cycle: ${[...pending.keys()].join(', ')}`);
      break;
    }
    for (const f of ready) {
      const missing = f.facts.filter((d) => !unordered.has(d));
      if (missing.length) problems.push(`${FACTS_DIR}/${f.meta.id}: reads facts with problems: ${missing.join(', ')}`);
      else facts.set(f.meta.id, f);
      pending.delete(f.meta.id);
    }
  }
  return facts;
}

export const FIX_FILE = 'fix.sql';
export const FIXES_FILE = 'fixes.json';
const sqlLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The fix query of a "fix": {"settings": {...}}: the safe values, then the shared blocks. */
export function settingsFixSql(settings: Record<string, string>, rel: string): string {
  const values = Object.entries(settings).map(([n, v]) => `(${sqlLiteral(n)}, ${sqlLiteral(v)})`).join(',\n                           ');
  return `-- generated by build/compile-catalog.ts from ${rel} "fix": {"settings": ...}\n` +
    `WITH want(name, value) AS (VALUES ${values}),\n` +
    `guc(name) AS (SELECT name FROM want),\n-- include: setting-effective\n-- include: fix-setting\n`;
}

/** Reads check.json's "fix" (already schema-checked): exactly one of settings, script, manual. */
async function readFix(meta: CheckJson, dir: string, relDir: string, problems: string[], sqlBlocks: Map<string, string>): Promise<CheckFolder['fix']> {
  const fix = meta.fix;
  if (!fix) return null;
  const at = (field: string, msg: string) => problems.push(`${relDir}/check.json: fix.${field}: ${msg}`);
  const kinds = (['settings', 'script', 'manual'] as const).filter((k) => fix[k] !== undefined);
  if (kinds.length !== 1) { problems.push(`${relDir}/check.json: fix: expected exactly one of settings, script, manual, found ${kinds.length ? kinds.join(' and ') : 'none'}`); return null; }
  if (fix.manual !== undefined) {
    if (fix.note !== undefined) at('note', 'a manual fix has no statements to annotate: put the text in "manual"');
    return { manual: fix.manual.trim() };
  }
  let text: string;
  let rel: string;
  if (fix.settings) {
    rel = `${relDir}/check.json`;
    for (const [name, value] of Object.entries(fix.settings)) {
      if (/[\\\r\n]/.test(value)) at(`settings.${name}`, `${show(value)}: backslashes and line breaks are not allowed in a safe value`);
    }
    text = settingsFixSql(fix.settings, rel);
  } else {
    rel = `${relDir}/${fix.script}`;
    try { text = await fs.readFile(path.join(dir, fix.script!), 'utf8'); } catch { at('script', `file not found: ${rel}`); return null; }
  }
  text = expandSqlIncludes(text, sqlBlocks, rel, problems);
  const problem = checkSingleSelect(text);
  if (problem) problems.push(`${rel}: ${problem}`);
  return { text, note: fix.note?.trim(), settings: fix.settings };
}

/** Read and validate one check folder. Returns the check or undefined (problems recorded). */
/**
 * SQL shared by several checks lives once in checks/_lib/sql/NAME.sql; a check's .sql file
 * names it on a line of its own (`-- include: NAME`) and the compiler puts the text there, so
 * every compiled executor stays a standalone script.
 */
export function expandSqlIncludes(text: string, blocks: Map<string, string>, rel: string, problems: string[],
  facts?: { known: Map<string, FactFolder>; used: Set<string> }): string {
  return text.replace(/^-- include: (\S+)[ \t]*\n/gm, (line, name: string) => {
    if (name.startsWith('fact:')) {
      // `-- include: fact:<id>`: the fact's rows as a CTE named <id> (src/core/facts/model.ts)
      const id = name.slice(5);
      const fact = facts?.known.get(id);
      if (!facts) { problems.push(`${rel}: include ${show(name)}: facts cannot be included here`); return line; }
      if (!fact) { problems.push(`${rel}: include ${show(name)}: no fact ${show(id)} in checks/${FACTS_DIR}/ (have: ${[...facts.known.keys()].join(', ') || 'none'})`); return line; }
      facts.used.add(id);
      return factCte(fact.meta);
    }
    const block = blocks.get(name);
    if (block === undefined) {
      problems.push(`${rel}: include ${show(name)}: no ${LIB_DIR}/sql/${name}.sql (have: ${[...blocks.keys()].join(', ') || 'none'})`);
      return line;
    }
    return block.endsWith('\n') ? block : `${block}\n`;
  });
}

async function readCheck(checksDir: string, group: string, folder: string, problems: string[], sqlBlocks: Map<string, string>, knownFacts: Map<string, FactFolder>): Promise<CheckFolder | undefined> {
  const dir = path.join(checksDir, group, folder);
  const relDir = `${group}/${folder}`;
  const raw = await readJson(path.join(dir, 'check.json'), `${relDir}/check.json`, problems);
  if (raw === undefined) return undefined;
  const before = problems.length;
  problems.push(...schemaProblems(CHECK_SCHEMA, raw, `${relDir}/check.json`));
  if (problems.length > before) return undefined;
  const meta = raw as CheckJson;
  const at = (field: string, msg: string) => problems.push(`${relDir}/check.json: ${field}: ${msg}`);
  if (meta.id !== folder) at('id', `${show(meta.id)} must equal the folder name ${show(folder)}`);
  const usedFacts = new Set<string>();
  for (const [i, id] of (meta.facts ?? []).entries()) {
    if (!knownFacts.has(id)) at(`facts[${i}]`, `no fact ${show(id)} in checks/${FACTS_DIR}/ (have: ${[...knownFacts.keys()].join(', ') || 'none'})`);
    else usedFacts.add(id);
  }

  const scripts = async (key: 'executors' | 'validators', allowed: string[]): Promise<ScriptFile[]> => {
    const files: ScriptFile[] = [];
    for (const [i, entry] of (meta[key] as ScriptEntry[]).entries()) {
      const f = `${key}[${i}]`;
      const ext = path.extname(entry.script).toLowerCase();
      if (!allowed.includes(ext)) { at(`${f}.script`, `${show(entry.script)} must end with ${allowed.join(' or ')}`); continue; }
      for (const bound of ['min_ver', 'max_ver'] as const) {
        if (parseBound(entry[bound]) === undefined) at(`${f}.${bound}`, `bad version ${show(entry[bound])} (use "none" or a version like "18.0.0")`);
      }
      let text: string;
      try { text = await fs.readFile(path.join(dir, entry.script), 'utf8'); } catch { at(`${f}.script`, `file not found: ${relDir}/${entry.script}`); continue; }
      const rel = `${relDir}/${entry.script}`;
      if (ext === '.sql') text = expandSqlIncludes(text, sqlBlocks, rel, problems, { known: knownFacts, used: usedFacts });
      const problem = ext === '.sql' ? checkSingleSelect(text) : ext === '.lua' ? checkValidatorSource(text, rel) : null;
      if (problem) problems.push(problem.startsWith(rel) || problem.includes(`${rel}:`) ? problem : `${rel}: ${problem}`);
      files.push({ script: entry.script, min_ver: entry.min_ver ?? 'none', max_ver: entry.max_ver ?? 'none', text, ext });
    }
    return files;
  };
  const executors = await scripts('executors', ['.sql', '.sh']);
  const validators = await scripts('validators', ['.lua']);
  const messages = readMessages(await readJson(path.join(dir, 'messages.json'), `${relDir}/messages.json`, problems), `${relDir}/messages.json`, problems);
  const sqlOnly = meta.executors.every((e) => e.script.toLowerCase().endsWith('.sql'));
  const fixtures = path.join(dir, FIXTURES_FILE);
  if (await exists(fixtures)) {
    const data = await readJson(fixtures, `${relDir}/${FIXTURES_FILE}`, problems);
    if (data !== undefined) problems.push(...fixtureProblems(data, `${relDir}/${FIXTURES_FILE}`, { requireBothWays: sqlOnly }));
  } else if (sqlOnly) {
    problems.push(`${relDir}/${FIXTURES_FILE}: file is missing (every SQL check has a fixture where it reports the problem and one where it passes)`);
  }
  const doc = (await exists(path.join(dir, DOC_FILE))) ? (await fs.readFile(path.join(dir, DOC_FILE), 'utf8')).trim() : null;
  const fix = await readFix(meta, dir, relDir, problems, sqlBlocks);
  if (problems.length > before) return undefined;
  const facts = [...knownFacts.keys()].filter((id) => usedFacts.has(id)); // pack order
  return { group, relDir, meta, executors, validators, messages, doc, fix, facts };
}

/** Check that every locale_msg literal in `source` names a key that exists. */
function checkKeys(source: string, rel: string, ownId: string | null, ownMessages: Map<string, Localized>, commonMessages: Map<string, Localized>, problems: string[]): void {
  for (const key of localeKeysUsed(source)) {
    const dot = key.indexOf('.');
    const prefix = dot > 0 ? key.slice(0, dot) : '';
    const name = dot > 0 ? key.slice(dot + 1) : key;
    if (prefix === COMMON) {
      if (!commonMessages.has(name)) problems.push(`${rel}: locale_msg("${key}"): no key "${name}" in checks/${LIB_DIR}/messages.json`);
    } else if (ownId && prefix === ownId) {
      if (!ownMessages.has(name)) problems.push(`${rel}: locale_msg("${key}"): no key "${name}" in ${path.dirname(rel)}/messages.json`);
    } else {
      problems.push(`${rel}: locale_msg("${key}"): keys must be "${ownId ?? COMMON}.<key>" or "${COMMON}.<key>"`);
    }
  }
}

async function readCatalogJson(checksDir: string, problems: string[]): Promise<CatalogJson | undefined> {
  const raw = await readJson(path.join(checksDir, CATALOG_FILE), CATALOG_FILE, problems);
  if (raw === undefined) return undefined;
  const before = problems.length;
  if (!isObject(raw)) { problems.push(`${CATALOG_FILE}: expected an object, found ${show(raw)}`); return undefined; }
  for (const field of ['header', 'report_name', 'description'] as const) {
    if (typeof raw[field] !== 'string' || raw[field].trim() === '') problems.push(`${CATALOG_FILE}: ${field}: expected a non-empty string, found ${show(raw[field])}`);
  }
  if (!Array.isArray(raw.doc_intro) || !raw.doc_intro.every((p) => typeof p === 'string')) problems.push(`${CATALOG_FILE}: doc_intro: expected an array of markdown paragraphs, found ${show(raw.doc_intro)}`);
  for (const key of Object.keys(raw)) if (!['$schema', 'header', 'report_name', 'description', 'doc_intro'].includes(key)) problems.push(`${CATALOG_FILE}: ${key}: unknown field`);
  return problems.length > before ? undefined : (raw as unknown as CatalogJson);
}

const locLine = (key: string, text: string) => `${key},"${text.replace(/"/g, '""')}"`; // CSV quoting, as src/core/loc.ts reads it

/**
 * Compile the check folders under checksDir into outDir (replaced on every run).
 * Throws CatalogError listing every problem found; writes nothing then.
 */
export async function compileCatalog({ checksDir, outDir, frameworksDir }: { checksDir: string; outDir: string; frameworksDir?: string }): Promise<CompiledCatalog> {
  const problems: string[] = [];
  if (!(await exists(checksDir))) throw new CatalogError([`${checksDir}: checks directory not found`]);
  const catalog = await readCatalogJson(checksDir, problems);

  // Shared helpers and messages.
  const libDir = path.join(checksDir, LIB_DIR);
  let libLua = '';
  const sqlBlocks = new Map<string, string>();
  let commonMessages = new Map<string, Localized>();
  if (await exists(libDir)) {
    const sqlDir = path.join(libDir, 'sql');
    if (await exists(sqlDir)) {
      for (const f of (await fs.readdir(sqlDir)).filter((n) => n.endsWith('.sql')).sort()) {
        sqlBlocks.set(f.slice(0, -4), await fs.readFile(path.join(sqlDir, f), 'utf8'));
      }
    }
    // generated from the one secret pattern set the PII detectors share (src/core/secrets/)
    if (sqlBlocks.has('secret-patterns')) problems.push(`${LIB_DIR}/sql/secret-patterns.sql: the block is generated from src/core/secrets/patterns.json; remove the file`);
    sqlBlocks.set('secret-patterns', secretPatternsSql());
    for (const p of SECRET_PATTERNS) for (const problem of subsetProblems(p)) problems.push(`src/core/secrets/patterns.json: ${p.id}: ${problem}`);
    const luaFiles = (await fs.readdir(libDir)).filter((f) => f.endsWith('.lua')).sort();
    for (const f of luaFiles) libLua += `-- ${LIB_DIR}/${f}\n${await fs.readFile(path.join(libDir, f), 'utf8')}\n`;
    if (await exists(path.join(libDir, 'messages.json'))) {
      commonMessages = readMessages(await readJson(path.join(libDir, 'messages.json'), `${LIB_DIR}/messages.json`, problems), `${LIB_DIR}/messages.json`, problems);
    }
    checkKeys(libLua, `${LIB_DIR}/*.lua`, null, new Map(), commonMessages, problems);
  }
  const knownFacts = await readFacts(checksDir, problems, sqlBlocks);
  const factUsers = new Map<string, string[]>();

  const groups: { key: string; group: GroupJson; checks: CheckFolder[] }[] = [];
  const seenIds = new Map<string, string>();
  for (const key of (await subdirs(checksDir)).filter((d) => !d.startsWith('_'))) {
    const rel = `${key}/group.json`;
    if (!/^[a-z0-9_]+$/.test(key)) problems.push(`${key}/: group folder names must be snake_case [a-z0-9_]+`);
    const g = await readJson(path.join(checksDir, key, 'group.json'), rel, problems);
    if (g === undefined) continue;
    const groupProblems = schemaProblems(GROUP_SCHEMA, g, rel);
    problems.push(...groupProblems);
    const checks: CheckFolder[] = [];
    for (const folder of await subdirs(path.join(checksDir, key))) {
      const c = await readCheck(checksDir, key, folder, problems, sqlBlocks, knownFacts);
      if (!c) continue;
      for (const id of c.facts) factUsers.set(id, [...(factUsers.get(id) ?? []), c.meta.id]);
      if (seenIds.has(c.meta.id)) { problems.push(`${c.relDir}/check.json: id: duplicate id ${show(c.meta.id)} (also used by ${seenIds.get(c.meta.id)})`); continue; }
      seenIds.set(c.meta.id, c.relDir);
      for (const v of c.validators) checkKeys(v.text, `${c.relDir}/${v.script}`, c.meta.id, c.messages, commonMessages, problems);
      checks.push(c);
    }
    // a group without checks yet is left out of the pack
    if (groupProblems.length === 0 && checks.length) groups.push({ key, group: g as GroupJson, checks });
  }
  if (groups.length === 0 && problems.length === 0) problems.push(`${checksDir}: no groups found (expected <group>/group.json folders)`);
  // Compliance frameworks map controls to these checks (frameworks/<id>/framework.json).
  const mapped = frameworksDir
    ? await compileFrameworks(frameworksDir, groups.flatMap((g) => g.checks.map((c) => ({ id: c.meta.id, cis: c.meta.cis }))))
    : { frameworks: [], problems: [] };
  problems.push(...mapped.problems);
  if (problems.length || !catalog) throw new CatalogError(problems);

  groups.sort((a, b) => a.group.order - b.group.order || a.key.localeCompare(b.key));
  for (const g of groups) g.checks.sort((a, b) => (a.meta.order ?? 1e9) - (b.meta.order ?? 1e9) || a.meta.id.localeCompare(b.meta.id));

  // Output: replaced as a whole so removed checks leave no stale files.
  await fs.rm(outDir, { recursive: true, force: true });
  await fs.mkdir(path.join(outDir, 'localizations'), { recursive: true });
  const loc = Object.fromEntries(LOCALES.map((l) => [l, [`# ${l}.loc — generated by build/compile-catalog.ts from checks/*/*/messages.json; do not edit`]])) as Record<Locale, string[]>;
  const addBlock = (title: string, entries: [string, Localized][]) => {
    for (const l of LOCALES) {
      loc[l].push('', `# --- ${title} ---`);
      for (const [key, text] of entries) loc[l].push(locLine(key, text[l]));
    }
  };
  addBlock(COMMON, [...commonMessages].map(([k, v]) => [`${COMMON}.${k}`, v]));
  addBlock('sections', groups.flatMap((g): [string, Localized][] => [[`section.${g.key}.header`, g.group.header], [`section.${g.key}.description`, g.group.description]]));

  const section: PackConfig['section'] = {};
  const docNotes: CompiledCatalog['docNotes'] = [];
  const fixes: Record<string, FixEntry> = {};
  let checkCount = 0;
  for (const g of groups) {
    const items: PackItem[] = [];
    for (const c of g.checks) {
      const outRel = `${g.key}/${c.meta.id}`;
      await fs.mkdir(path.join(outDir, outRel), { recursive: true });
      const ref = async (s: ScriptFile, body: string, mode?: number): Promise<PackScriptRef> => {
        const target = path.join(outDir, outRel, s.script);
        await fs.writeFile(target, body);
        if (mode) await fs.chmod(target, mode);
        return { script: `${outRel}/${s.script}`, min_ver: s.min_ver, max_ver: s.max_ver };
      };
      const executors: PackScriptRef[] = [];
      for (const e of c.executors) executors.push(await ref(e, e.text, e.ext === '.sh' ? 0o755 : undefined));
      const validators: PackScriptRef[] = [];
      for (const v of c.validators) {
        const helpers = libLua ? helpersUsedBy(libLua, v.text) : '';
        const body = helpers ? `${helpers}\n-- ${c.relDir}/${v.script}\n${v.text}` : v.text;
        validators.push(await ref(v, body));
      }
      items.push({
        name: c.meta.name,
        description: c.meta.description,
        id: c.meta.id,
        severity: c.meta.severity,
        cis: c.meta.cis,
        reads: c.meta.reads,
        executors,
        validators,
        ...(c.facts.length ? { facts: c.facts } : {}),
      });
      addBlock(c.meta.id, [...c.messages].map(([k, v]): [string, Localized] => [`${c.meta.id}.${k}`, v]));
      if (c.doc) docNotes.push({ id: c.meta.id, text: c.doc });
      if (c.fix) {
        const entry: FixEntry = {};
        if (c.fix.text !== undefined) {
          await fs.writeFile(path.join(outDir, outRel, FIX_FILE), c.fix.text);
          entry.query = `${outRel}/${FIX_FILE}`;
        }
        if (c.fix.settings) entry.settings = c.fix.settings;
        if (c.fix.manual !== undefined) entry.manual = c.fix.manual;
        if (c.fix.note !== undefined) entry.note = c.fix.note;
        fixes[c.meta.id] = entry;
      }
      checkCount++;
    }
    section[g.key] = { header: g.group.header.en, description: g.group.description.en, items };
  }
  // Facts no check reads are left out of the pack (nothing would read them).
  const facts: PackFact[] = [];
  // a fact read by a fact that some check reads is read too
  for (const [id, f] of [...knownFacts].reverse()) {
    if (factUsers.has(id)) for (const dep of f.facts) factUsers.set(dep, [...(factUsers.get(dep) ?? []), `fact:${id}`]);
  }
  for (const [id, f] of knownFacts) {
    if (!factUsers.has(id)) continue;
    const outRel = `${FACTS_DIR}/${id}`;
    await fs.mkdir(path.join(outDir, outRel), { recursive: true });
    const executors: PackScriptRef[] = [];
    for (const e of f.executors) {
      await fs.writeFile(path.join(outDir, outRel, e.script), e.text);
      executors.push({ script: `${outRel}/${e.script}`, min_ver: e.min_ver, max_ver: e.max_ver });
    }
    facts.push({ id, description: f.meta.description, reads: f.meta.reads, columns: f.meta.columns, executors, derive: f.meta.derive ?? null, ...(f.facts.length ? { facts: f.facts } : {}) });
  }
  const config: PackConfig = { header: catalog.header, report_name: catalog.report_name, description: catalog.description, section, ...(facts.length ? { facts } : {}), ...(mapped.frameworks.length ? { frameworks: mapped.frameworks } : {}) };
  await fs.writeFile(path.join(outDir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  for (const l of LOCALES) await fs.writeFile(path.join(outDir, 'localizations', `${l}.loc`), loc[l].join('\n') + '\n');
  const fixCatalog: FixCatalog = { format: 'sec_check-fixes', format_version: 1, checks: fixes };
  await fs.writeFile(path.join(outDir, FIXES_FILE), JSON.stringify(fixCatalog, null, 2) + '\n');
  return { config, checkCount, docIntro: catalog.doc_intro, docNotes, fixes, factUsers, frameworks: mapped.frameworks };
}

// Only the shared helpers a validator calls (and the helpers those call) are put in front
// of it: parsing Lua costs ~30 ms per 100 lines inside QuickJS, so every line counts.
function splitHelpers(libLua: string): Map<string, string> {
  const helpers = new Map<string, string>();
  const re = /^function\s+([A-Za-z_][\w]*)\s*\([\s\S]*?^end\s*$/gm;
  for (const m of libLua.matchAll(re)) helpers.set(m[1], m[0]);
  return helpers;
}

function helpersUsedBy(libLua: string, source: string): string {
  const helpers = splitHelpers(libLua);
  const used = new Set<string>();
  const visit = (text: string) => {
    for (const [name, body] of helpers) {
      if (!used.has(name) && new RegExp(`\\b${name}\\s*\\(`).test(text)) {
        used.add(name);
        visit(body);
      }
    }
  };
  visit(source);
  return [...helpers.keys()].filter((n) => used.has(n)).map((n) => helpers.get(n)).join('\n');
}
