// Catalog compiler: turns checks/<group>/<check-id>/ folders into a pg_sec_check pack
// (config.json + scripts + localizations/{en,ru}.loc) and renders docs/checks.md.
//
//   import { compileCatalog, renderChecksDoc } from './build/compile-catalog.mjs';
//   const { config, checkCount } = await compileCatalog({ checksDir: 'checks', outDir: 'dist/catalog' });
//   writeFileSync('docs/checks.md', renderChecksDoc(config));
//
// Every problem a check author can cause is collected and reported at once, each naming the
// folder, the file and the field. checks/_lib/*.lua (shared helpers) is put in front of every
// compiled validator so each one stays a standalone pg_sec_check Lua script, and
// checks/_lib/messages.json provides the shared "common.<key>" messages.
import fs from 'node:fs/promises';
import path from 'node:path';

export const LOCALES = ['en', 'ru'];
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const ID_RE = /^[a-z0-9_]+$/;
const KEY_RE = /^[a-z0-9_]+$/;
const VERSION_RE = /^\d{1,3}(\.\d{1,4}){0,2}$/;
const CIS_RE = /^\d+(\.\d+)*$/;
const COMMON = 'common';
const LIB_DIR = '_lib';

export class CatalogError extends Error {
  constructor(problems) {
    super(`check catalog has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
    this.name = 'CatalogError';
    this.problems = problems;
  }
}

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v) => { const s = JSON.stringify(v); return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 60)}…` : s; };

async function exists(p) {
  try { await fs.access(p); return true; } catch { return false; }
}

async function subdirs(dir) {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
}

async function readJson(file, rel, problems) {
  let text;
  try { text = await fs.readFile(file, 'utf8'); } catch { problems.push(`${rel}: file is missing`); return undefined; }
  try { return JSON.parse(text); } catch (e) { problems.push(`${rel}: invalid JSON (${e.message})`); return undefined; }
}

/** `locale_msg("key")` literals in Lua source. */
export function localeKeysUsed(luaSource) {
  const keys = [];
  const re = /locale_msg\s*\(\s*(["'])([^"'\n]*)\1\s*\)/g;
  for (let m; (m = re.exec(luaSource));) keys.push(m[2]);
  return keys;
}

/**
 * Blank out comments, string literals, quoted identifiers and dollar-quoted bodies, so the
 * statement structure (keywords, semicolons) can be inspected without false hits.
 */
export function sqlSkeleton(sql) {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const two = sql.slice(i, i + 2);
    if (two === '--') { const end = sql.indexOf('\n', i); i = end < 0 ? sql.length : end; out += ' '; continue; }
    if (two === '/*') { const end = sql.indexOf('*/', i + 2); i = end < 0 ? sql.length : end + 2; out += ' '; continue; }
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < sql.length) { if (sql[j] === c) { if (sql[j + 1] === c) { j += 2; continue; } break; } j++; }
      i = j + 1; out += ' x '; continue;
    }
    const dollar = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
    if (dollar && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
      const end = sql.indexOf(dollar[0], i + dollar[0].length);
      i = end < 0 ? sql.length : end + dollar[0].length; out += ' x '; continue;
    }
    out += c; i++;
  }
  return out;
}

/** A problem with an executor SQL file, or null: it must be exactly one SELECT (WITH … SELECT). */
export function checkSingleSelect(sql) {
  const skeleton = sqlSkeleton(sql).trim().replace(/;\s*$/, '');
  if (skeleton === '') return 'the file contains no statement';
  if (skeleton.includes(';')) return 'only one statement is allowed (found a ";" before the end)';
  const first = /^\(*\s*([A-Za-z]+)/.exec(skeleton)?.[1]?.toUpperCase();
  if (first !== 'SELECT' && first !== 'WITH') return `the statement must be a SELECT (starts with ${show(first ?? skeleton.slice(0, 20))})`;
  if (first === 'WITH' && /\b(INSERT|UPDATE|DELETE|MERGE)\b/i.test(skeleton)) return 'data-modifying WITH is not allowed';
  return null;
}

function checkVersion(value, field, problems) {
  if (value === undefined || value === 'none') return;
  if (typeof value !== 'string' || !VERSION_RE.test(value)) problems.push(`${field}: bad version ${show(value)} (use "none" or a version like "18.0.0")`);
}

/** Validate messages.json content; returns a Map key → {en, ru}. */
function readMessages(raw, rel, problems) {
  const out = new Map();
  if (raw === undefined) return out;
  if (!isObject(raw)) { problems.push(`${rel}: expected an object {key: {en, ru}}, found ${show(raw)}`); return out; }
  for (const [key, value] of Object.entries(raw)) {
    if (!KEY_RE.test(key)) problems.push(`${rel}: key ${show(key)} must match ${KEY_RE}`);
    if (!isObject(value)) { problems.push(`${rel}: ${key}: expected {"en": "...", "ru": "..."}, found ${show(value)}`); continue; }
    let ok = true;
    for (const lang of LOCALES) {
      const text = value[lang];
      if (typeof text !== 'string' || text.trim() === '') { problems.push(`${rel}: ${key}.${lang}: missing or empty (every message needs ${LOCALES.join(' and ')})`); ok = false; continue; }
      if (/[\r\n]/.test(text)) { problems.push(`${rel}: ${key}.${lang}: messages must be a single line`); ok = false; }
    }
    for (const lang of Object.keys(value)) if (!LOCALES.includes(lang)) problems.push(`${rel}: ${key}: unknown language ${show(lang)} (expected ${LOCALES.join(', ')})`);
    if (ok) out.set(key, value);
  }
  return out;
}

/** Read and validate one check folder. Returns the check or undefined (problems recorded). */
async function readCheck(checksDir, group, folder, problems) {
  const dir = path.join(checksDir, group, folder);
  const relDir = `${group}/${folder}`;
  const meta = await readJson(path.join(dir, 'check.json'), `${relDir}/check.json`, problems);
  if (meta === undefined) return undefined;
  const at = (field, msg) => problems.push(`${relDir}/check.json: ${field}: ${msg}`);
  if (!isObject(meta)) { at('(top level)', `expected an object, found ${show(meta)}`); return undefined; }
  const before = problems.length;

  if (typeof meta.id !== 'string' || !ID_RE.test(meta.id)) at('id', `expected snake_case [a-z0-9_]+, found ${show(meta.id)}`);
  else if (meta.id !== folder) at('id', `${show(meta.id)} must equal the folder name ${show(folder)}`);
  for (const field of ['name', 'description', 'reads']) {
    if (typeof meta[field] !== 'string' || meta[field].trim() === '') at(field, `expected a non-empty string, found ${show(meta[field])}`);
  }
  if (!SEVERITIES.includes(meta.severity)) at('severity', `expected one of ${SEVERITIES.join(', ')}, found ${show(meta.severity)}`);
  if (!('cis' in meta)) at('cis', 'missing (use a CIS PostgreSQL 17 id like "3.1.20", or null)');
  else if (meta.cis !== null && (typeof meta.cis !== 'string' || !CIS_RE.test(meta.cis))) at('cis', `expected a CIS id like "3.1.20" or null, found ${show(meta.cis)}`);
  if (meta.order !== undefined && (typeof meta.order !== 'number' || !Number.isFinite(meta.order))) at('order', `expected a number, found ${show(meta.order)}`);

  const scripts = async (key, allowed) => {
    const list = meta[key];
    if (!Array.isArray(list) || list.length === 0) { at(key, `expected a non-empty array, found ${show(list)}`); return []; }
    const refs = [];
    for (const [i, entry] of list.entries()) {
      const f = `${key}[${i}]`;
      if (!isObject(entry)) { at(f, `expected {script, min_ver, max_ver}, found ${show(entry)}`); continue; }
      const script = entry.script;
      if (typeof script !== 'string' || script === '' || script.includes('/') || script.includes('\\') || script.startsWith('.')) {
        at(`${f}.script`, `expected a file name inside the folder, found ${show(script)}`); continue;
      }
      const ext = path.extname(script).toLowerCase();
      if (!allowed.includes(ext)) { at(`${f}.script`, `${show(script)} must end with ${allowed.join(' or ')}`); continue; }
      checkVersion(entry.min_ver, `${relDir}/check.json: ${f}.min_ver`, problems);
      checkVersion(entry.max_ver, `${relDir}/check.json: ${f}.max_ver`, problems);
      let text;
      try { text = await fs.readFile(path.join(dir, script), 'utf8'); } catch { at(`${f}.script`, `file not found: ${relDir}/${script}`); continue; }
      if (ext === '.sql') {
        const problem = checkSingleSelect(text);
        if (problem) problems.push(`${relDir}/${script}: ${problem}`);
      }
      refs.push({ script, min_ver: entry.min_ver ?? 'none', max_ver: entry.max_ver ?? 'none', text, ext });
    }
    return refs;
  };
  const executors = await scripts('executors', ['.sql', '.sh']);
  const validators = await scripts('validators', ['.lua']);
  for (const v of validators) {
    if (!/\bfunction\s+validate_result\s*\(/.test(v.text)) problems.push(`${relDir}/${v.script}: does not define validate_result()`);
  }
  const messages = readMessages(await readJson(path.join(dir, 'messages.json'), `${relDir}/messages.json`, problems), `${relDir}/messages.json`, problems);
  if (problems.length > before) return undefined;
  return { group, folder, relDir, meta, executors, validators, messages };
}

/** Check that every locale_msg literal in `source` names a key that exists. */
function checkKeys(source, rel, ownId, ownMessages, commonMessages, problems) {
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

const locLine = (key, text) => `${key},"${text}"`;

/**
 * Compile the check folders under checksDir into outDir (replaced on every run).
 * Returns { config, checkCount }; throws CatalogError listing every problem found.
 */
export async function compileCatalog({ checksDir, outDir }) {
  const problems = [];
  if (!(await exists(checksDir))) throw new CatalogError([`${checksDir}: checks directory not found`]);

  // Shared helpers and messages.
  const libDir = path.join(checksDir, LIB_DIR);
  let libLua = '';
  let commonMessages = new Map();
  if (await exists(libDir)) {
    const luaFiles = (await fs.readdir(libDir)).filter((f) => f.endsWith('.lua')).sort();
    for (const f of luaFiles) libLua += `-- ${LIB_DIR}/${f}\n${await fs.readFile(path.join(libDir, f), 'utf8')}\n`;
    if (await exists(path.join(libDir, 'messages.json'))) {
      commonMessages = readMessages(await readJson(path.join(libDir, 'messages.json'), `${LIB_DIR}/messages.json`, problems), `${LIB_DIR}/messages.json`, problems);
    }
    checkKeys(libLua, `${LIB_DIR}/*.lua`, null, new Map(), commonMessages, problems);
  }

  const groups = [];
  const seenIds = new Map();
  for (const key of (await subdirs(checksDir)).filter((d) => d !== LIB_DIR && !d.startsWith('_'))) {
    const rel = `${key}/group.json`;
    if (!ID_RE.test(key)) problems.push(`${key}/: group folder names must match ${ID_RE}`);
    const g = await readJson(path.join(checksDir, key, 'group.json'), rel, problems);
    if (g === undefined) continue;
    let ok = isObject(g);
    if (!ok) problems.push(`${rel}: expected an object, found ${show(g)}`);
    else {
      for (const field of ['header', 'description']) {
        for (const lang of LOCALES) {
          const v = g[field]?.[lang];
          if (typeof v !== 'string' || v.trim() === '' || /[\r\n]/.test(v)) { problems.push(`${rel}: ${field}.${lang}: expected a non-empty single-line string, found ${show(v)}`); ok = false; }
        }
      }
      if (typeof g.order !== 'number') { problems.push(`${rel}: order: expected a number, found ${show(g.order)}`); ok = false; }
    }
    const checks = [];
    for (const folder of await subdirs(path.join(checksDir, key))) {
      const c = await readCheck(checksDir, key, folder, problems);
      if (!c) continue;
      if (seenIds.has(c.meta.id)) { problems.push(`${c.relDir}/check.json: id: duplicate id ${show(c.meta.id)} (also used by ${seenIds.get(c.meta.id)})`); continue; }
      seenIds.set(c.meta.id, c.relDir);
      for (const v of c.validators) checkKeys(v.text, `${c.relDir}/${v.script}`, c.meta.id, c.messages, commonMessages, problems);
      checks.push(c);
    }
    // a group without checks yet is left out of the pack
    if (ok && checks.length) groups.push({ key, group: g, checks });
  }
  if (groups.length === 0 && problems.length === 0) problems.push(`${checksDir}: no groups found (expected <group>/group.json folders)`);
  if (problems.length) throw new CatalogError(problems);

  groups.sort((a, b) => a.group.order - b.group.order || a.key.localeCompare(b.key));
  for (const g of groups) g.checks.sort((a, b) => (a.meta.order ?? 1e9) - (b.meta.order ?? 1e9) || a.meta.id.localeCompare(b.meta.id));

  // Output: replaced as a whole so removed checks leave no stale files.
  await fs.rm(outDir, { recursive: true, force: true });
  await fs.mkdir(path.join(outDir, 'localizations'), { recursive: true });
  const loc = Object.fromEntries(LOCALES.map((l) => [l, [`# ${l}.loc — generated by build/compile-catalog.mjs from checks/*/*/messages.json; do not edit`]]));
  const addBlock = (title, entries) => {
    for (const l of LOCALES) {
      loc[l].push('', `# --- ${title} ---`);
      for (const [key, text] of entries) loc[l].push(locLine(key, text[l]));
    }
  };
  addBlock(COMMON, [...commonMessages].map(([k, v]) => [`${COMMON}.${k}`, v]));
  addBlock('sections', groups.flatMap((g) => [[`section.${g.key}.header`, g.group.header], [`section.${g.key}.description`, g.group.description]]));

  const section = {};
  let checkCount = 0;
  for (const g of groups) {
    const items = [];
    for (const c of g.checks) {
      const outRel = `${g.key}/${c.meta.id}`;
      await fs.mkdir(path.join(outDir, outRel), { recursive: true });
      const ref = async (s, body, mode) => {
        const target = path.join(outDir, outRel, s.script);
        await fs.writeFile(target, body);
        if (mode) await fs.chmod(target, mode);
        return { script: `${outRel}/${s.script}`, min_ver: s.min_ver, max_ver: s.max_ver };
      };
      const executors = [];
      for (const e of c.executors) executors.push(await ref(e, e.text, e.ext === '.sh' ? 0o755 : undefined));
      const validators = [];
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
      });
      addBlock(c.meta.id, [...c.messages].map(([k, v]) => [`${c.meta.id}.${k}`, v]));
      checkCount++;
    }
    section[g.key] = { header: g.group.header.en, description: g.group.description.en, items };
  }
  const config = {
    header: 'sec_check: PostgreSQL security audit',
    report_name: 'PostgreSQL security audit',
    description: 'Built-in sec_check catalog: configuration, access, authentication, logging and host checks for PostgreSQL 13-18, mapped to CIS PostgreSQL 17 v1.0.0 where a control matches.',
    section,
  };
  await fs.writeFile(path.join(outDir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  for (const l of LOCALES) await fs.writeFile(path.join(outDir, 'localizations', `${l}.loc`), loc[l].join('\n') + '\n');
  return { config, checkCount };
}

/** Where a check runs, from its executor file types. */
export function whereItRuns(item) {
  const kinds = new Set(item.executors.map((e) => (e.script.endsWith('.sh') ? 'host' : 'database')));
  return [...kinds].join(' + ');
}

function versionRange(item) {
  const ranges = item.executors
    .filter((e) => e.min_ver !== 'none' || e.max_ver !== 'none')
    .map((e) => `${path.basename(e.script)}: ${e.min_ver === 'none' ? '' : e.min_ver}–${e.max_ver === 'none' ? '' : e.max_ver}`);
  return ranges.length ? ranges.join('; ') : 'all';
}

const cell = (s) => String(s ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** docs/checks.md from a compiled config (the object compileCatalog returns). */
export function renderChecksDoc(config) {
  const sections = Object.entries(config.section);
  const all = sections.flatMap(([, s]) => s.items);
  const bySeverity = {};
  for (const item of all) bySeverity[item.severity] = (bySeverity[item.severity] ?? 0) + 1;
  const lines = [
    '# Built-in checks',
    '',
    '<!-- Generated by build/compile-catalog.mjs (renderChecksDoc) from checks/*/*/check.json. Do not edit by hand. -->',
    '',
    `${all.length} checks in ${sections.length} groups; by severity: ${SEVERITIES.filter((s) => bySeverity[s]).map((s) => `${s} ${bySeverity[s]}`).join(', ')}. ` +
      `${all.filter((i) => i.cis).length} map to a CIS PostgreSQL 17 v1.0.0 recommendation. ` +
      `${all.filter((i) => whereItRuns(i).includes('host')).length} need the host agent (shell probe); the rest run as SQL inside the database or from the CLI.`,
    '',
    'Statuses: **Success** = verified compliant; **Warning**/**Error** = a problem; **Info** = needs manual review; ' +
      '**Failed** = could not be verified (missing privilege or data — never a pass). Run the audit as a superuser, or as a role ' +
      'with `pg_read_all_settings` and `pg_monitor`; checks that need superuser-only data (pg_hba_file_rules, pg_authid) report Failed otherwise.',
    '',
  ];
  for (const [key, s] of sections) {
    lines.push(`## ${s.header} (\`${key}\`)`, '', s.description, '', '| id | name | severity | CIS | reads | runs in | versions |', '|---|---|---|---|---|---|---|');
    for (const item of s.items) {
      lines.push(`| \`${cell(item.id)}\` | ${cell(item.name)} | ${cell(item.severity)} | ${cell(item.cis ?? '—')} | ${cell(item.reads)} | ${whereItRuns(item)} | ${cell(versionRange(item))} |`);
    }
    lines.push('');
  }
  lines.push(
    '## Updating the version table',
    '',
    'The check `server_version` compares the server with a table of the latest minor release of each major version, shipped inside',
    '`checks/installation/server_version/query.sql` (a `VALUES` list: major, latest minor, end-of-life date) together with the date the',
    'table was last checked (`table_date`). The shipped table is dated 2026-11-12; releases after May 2026 were projected from the',
    'quarterly release schedule, so verify them. To update it after a release (second Thursday of February, May, August and November,',
    'plus any out-of-cycle release): take the current minors and end-of-life dates from https://www.postgresql.org/support/versioning/,',
    'edit the rows and `table_date`, add a row when a new major version is released, and rebuild (`npm run build`). A server whose major',
    'version is newer than the table is reported as Info (unknown), not as Success.',
    '',
  );
  return lines.join('\n');
}

// Only the shared helpers a validator calls (and the helpers those call) are put in front
// of it: parsing Lua costs ~30 ms per 100 lines inside QuickJS, so every line counts.
function splitHelpers(libLua) {
  const helpers = new Map();
  const re = /^function\s+([A-Za-z_][\w]*)\s*\([\s\S]*?^end\s*$/gm;
  for (const m of libLua.matchAll(re)) helpers.set(m[1], m[0]);
  return helpers;
}

function helpersUsedBy(libLua, source) {
  const helpers = splitHelpers(libLua);
  const used = new Set();
  const visit = (text) => {
    for (const name of helpers.keys()) {
      if (!used.has(name) && new RegExp(`\\b${name}\\s*\\(`).test(text)) {
        used.add(name);
        visit(helpers.get(name));
      }
    }
  };
  visit(source);
  return [...helpers.keys()].filter((n) => used.has(n)).map((n) => helpers.get(n)).join('\n');
}
