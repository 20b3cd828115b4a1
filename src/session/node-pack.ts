// Reads a pg_sec_check pack from disk: config.json, every script it names (paths relative
// to the config file) and localizations/*.loc beside it. Problems are reported by
// compilePack with file and field; here only what stops reading altogether.
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { PackError, type Pack } from '../core/pack.ts';
import { jsonErrorOffset, lineColumn } from '../runtime/json-position.ts';
import { checkInputDir, InputFileError, readInputText } from './input-file.ts';

export interface DiskPack extends Pack {
  /** Directory of config.json: shell executors run from here. */
  baseDir: string;
}

function jsonPosition(text: string): string {
  const offset = jsonErrorOffset(text);
  if (offset < 0) return '';
  const { line, column } = lineColumn(text, offset);
  return ` at line ${line}, column ${column}`;
}

/** Every script reference of the config with the field that names it (first mention). */
function scriptRefs(config: unknown): { script: string; field: string }[] {
  const refs = new Map<string, string>();
  const sections = (config as { section?: unknown })?.section;
  if (!sections || typeof sections !== 'object') return [];
  for (const [key, section] of Object.entries(sections as Record<string, unknown>)) {
    const items = (section as { items?: unknown })?.items;
    if (!Array.isArray(items)) continue;
    items.forEach((item, i) => {
      for (const kind of ['executors', 'validators']) {
        const list = (item as Record<string, unknown>)?.[kind];
        if (!Array.isArray(list)) continue;
        list.forEach((ref, j) => {
          const script = (ref as { script?: unknown })?.script;
          if (typeof script === 'string' && script && !refs.has(script)) refs.set(script, `section.${key}.items[${i}].${kind}[${j}].script`);
        });
      }
    });
  }
  // facts (an extension of the format): each fact's queries are pack files too
  const facts = (config as { facts?: unknown })?.facts;
  if (Array.isArray(facts)) {
    facts.forEach((fact, i) => {
      const list = (fact as { executors?: unknown })?.executors;
      if (!Array.isArray(list)) return;
      list.forEach((ref, j) => {
        const script = (ref as { script?: unknown })?.script;
        if (typeof script === 'string' && script && !refs.has(script)) refs.set(script, `facts[${i}].executors[${j}].script`);
      });
    });
  }
  return [...refs].map(([script, field]) => ({ script, field }));
}

/** Size caps of pack files: checked with stat before reading, and again while reading. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
export const MAX_PACK_FILE_BYTES = 4 * 1024 * 1024;

/** A whole text file of the pack through the checked reader; its one-line error as a PackError. */
function readPackText(path: string, label: string, cap: number): string {
  try {
    return readInputText(path, cap, label);
  } catch (e) {
    if (e instanceof InputFileError) throw new PackError([e.message]);
    throw e;
  }
}

/**
 * Where a script reference points, refused unless it stays inside the pack directory:
 * no absolute paths, no `..` out of it, and no symlink (anywhere on the way) leading out.
 */
function scriptLocation(baseDir: string, realBase: string, script: string, label: string): string | null {
  if (isAbsolute(script) || /^[a-zA-Z]:[\\/]/.test(script)) throw new PackError([`${label}: absolute path ${JSON.stringify(script)}; script paths are relative to the pack directory`]);
  if (script.includes('\0')) throw new PackError([`${label}: path ${JSON.stringify(script)} contains a NUL byte`]);
  const full = resolve(baseDir, script);
  const rel = relative(baseDir, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new PackError([`${label}: path ${JSON.stringify(script)} leaves the pack directory`]);
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    return null; // missing: compilePack names it with its field
  }
  const realRel = relative(realBase, real);
  if (realRel === '' || realRel.startsWith('..') || isAbsolute(realRel)) {
    throw new PackError([`${label}: path ${JSON.stringify(script)} is a symlink that leads outside the pack directory`]);
  }
  return real;
}

export function loadPackFromConfig(configPath: string): DiskPack {
  const full = resolve(configPath);
  const text = readPackText(full, configPath || '(empty --config)', MAX_CONFIG_BYTES);
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    throw new PackError([`${configPath}: invalid JSON${jsonPosition(text)}: ${msg}`]);
  }
  const baseDir = dirname(full);
  const realBase = realpathSync(baseDir);
  const files: Record<string, string> = {};
  for (const { script, field } of scriptRefs(config)) {
    const label = `${configPath}: ${field}`;
    const path = scriptLocation(baseDir, realBase, script, label);
    if (path !== null) files[script] = readPackText(path, `${label}: ${script}`, MAX_PACK_FILE_BYTES);
  }
  const locales: Record<string, string> = {};
  const locDir = join(baseDir, 'localizations');
  if (existsSync(locDir)) {
    if (!statSync(locDir).isDirectory()) throw new PackError([`${join(dirname(configPath), 'localizations')}: is not a directory`]);
    try { checkInputDir(locDir, join(dirname(configPath), 'localizations')); } catch (e) { throw new PackError([(e as Error).message]); }
    const realLoc = realpathSync(locDir);
    const inside = relative(realBase, realLoc);
    if (inside.startsWith('..') || isAbsolute(inside)) throw new PackError([`${join(dirname(configPath), 'localizations')}: is a symlink that leads outside the pack directory`]);
    for (const name of readdirSync(locDir).sort()) {
      if (!name.endsWith('.loc')) continue;
      const label = join(dirname(configPath), 'localizations', name);
      const real = scriptLocation(baseDir, realBase, join('localizations', name), label);
      locales[name.slice(0, -4)] = readPackText(real ?? join(locDir, name), label, MAX_PACK_FILE_BYTES);
    }
  }
  return { configName: configPath, config, files, locales, baseDir };
}
