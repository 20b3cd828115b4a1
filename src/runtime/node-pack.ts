// Reads a pg_sec_check pack from disk: config.json, every script it names (paths relative
// to the config file) and localizations/*.loc beside it. Problems are reported by
// compilePack with file and field; here only what stops reading altogether.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PackError, type Pack } from '../core/pack.ts';
import { jsonErrorOffset, lineColumn } from './json-position.ts';

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

function scriptPaths(config: unknown): string[] {
  const paths = new Set<string>();
  const sections = (config as { section?: unknown })?.section;
  if (!sections || typeof sections !== 'object') return [];
  for (const section of Object.values(sections as Record<string, unknown>)) {
    const items = (section as { items?: unknown })?.items;
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      for (const key of ['executors', 'validators']) {
        const list = (item as Record<string, unknown>)?.[key];
        if (!Array.isArray(list)) continue;
        for (const ref of list) {
          const script = (ref as { script?: unknown })?.script;
          if (typeof script === 'string' && script) paths.add(script);
        }
      }
    }
  }
  return [...paths];
}

export function loadPackFromConfig(configPath: string): DiskPack {
  const full = resolve(configPath);
  if (!existsSync(full)) throw new PackError([`${configPath}: config file not found`]);
  const text = readFileSync(full, 'utf8');
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    throw new PackError([`${configPath}: invalid JSON${jsonPosition(text)}: ${msg}`]);
  }
  const baseDir = dirname(full);
  const files: Record<string, string> = {};
  for (const script of scriptPaths(config)) {
    const path = resolve(baseDir, script);
    if (existsSync(path)) files[script] = readFileSync(path, 'utf8');
  }
  const locales: Record<string, string> = {};
  const locDir = join(baseDir, 'localizations');
  if (existsSync(locDir)) {
    for (const name of readdirSync(locDir).sort()) {
      if (name.endsWith('.loc')) locales[name.slice(0, -4)] = readFileSync(join(locDir, name), 'utf8');
    }
  }
  return { configName: configPath, config, files, locales, baseDir };
}
