// Reads a pg_sec_check pack from disk: config.json, every script it names (paths relative
// to the config file) and localizations/*.loc beside it. Problems are reported by
// compilePack with file and field; here only what stops reading altogether.
import { closeSync, existsSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
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

/**
 * Reads a whole text file of the pack: a regular file, at most `cap` bytes (never reads
 * more than cap + 1, even if it grows meanwhile), valid UTF-8. Throws PackError naming it.
 */
function readPackText(path: string, label: string, cap: number): string {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PackError([`${label}: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'file not found' : `cannot read (${code})`}`]);
  }
  if (st.isDirectory()) throw new PackError([`${label}: is a directory, not a file`]);
  if (!st.isFile()) throw new PackError([`${label}: is not a regular file`]);
  if (st.size > cap) throw new PackError([`${label}: file of ${st.size} bytes exceeds the limit of ${cap} bytes`]);
  const expected = Math.min(cap, st.size);
  const buffer = Buffer.alloc(expected + 1);
  let length = 0;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > expected) throw new PackError([`${label}: file grew while being read${length > cap ? ` past the limit of ${cap} bytes` : ''}`]);
    }
  } catch (e) {
    if (e instanceof PackError) throw e;
    throw new PackError([`${label}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
  } catch {
    const at = firstInvalidUtf8(buffer.subarray(0, length));
    throw new PackError([`${label}: not valid UTF-8 text (first bad byte at offset ${at}); save it as UTF-8`]);
  }
}

/** Offset of the first byte of the first invalid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  // A prefix that ends inside a sequence is not yet wrong (stream mode), so the longest
  // such prefix is found by bisection, then moved back to the start of a pending sequence.
  const ok = (n: number) => { try { new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true }); return true; } catch { return false; } };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ok(mid)) lo = mid; else hi = mid - 1;
  }
  let start = lo;
  while (start > 0 && lo - start < 3 && (bytes[start - 1] & 0xc0) === 0x80) start--;
  if (start > 0 && bytes[start - 1] >= 0xc0) return start - 1;
  return lo;
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
