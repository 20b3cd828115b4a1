// Integrity of the packs the CLI runs, as pg_sec_check does it: the built-in catalog's files
// are checked against sha256 hashes compiled into the CLI at build time; a pack of one's own
// is checked against its manifest (sec-check pack --manifest) when it has one. Hashes are of
// the raw bytes on disk, so even a BOM or a line ending changed is a mismatch.
import { createHash } from 'node:crypto';
import { dirname, join, relative, sep } from 'node:path';
import type { DiskPack } from './node-pack.ts';
import { INPUT_CAPS, inputExists, InputFileError, readInputBytes, readInputJson } from './input-file.ts';

// Filled in by the build (esbuild define): relative path under dist/catalog -> sha256 hex.
declare const __BUILTIN_CATALOG_SHA256__: Record<string, string> | undefined;
declare const __dirname: string | undefined;

export const MANIFEST_FILE = 'sec_check.manifest.json';

export class IntegrityError extends Error {}

/** Hashes of the built-in catalog compiled into this CLI; null when running from source. */
export function builtinHashes(): Record<string, string> | null {
  return typeof __BUILTIN_CATALOG_SHA256__ === 'object' && __BUILTIN_CATALOG_SHA256__ ? __BUILTIN_CATALOG_SHA256__ : null;
}

/** The built-in catalog's config.json: dist/catalog beside the CLI bundle (dist/cli.cjs). */
export function builtinConfigPath(): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  return join(here, 'catalog', 'config.json');
}

/** The sha256 of a file's bytes (read through the checked reader), or why it cannot be read. */
export function sha256File(path: string): { hash: string } | { error: string } {
  try {
    return { hash: createHash('sha256').update(readInputBytes(path, INPUT_CAPS.document)).digest('hex') };
  } catch (e) {
    if (e instanceof InputFileError) return { error: e.message };
    throw e;
  }
}

/** Every file a loaded pack consists of, relative to its directory (config, scripts, .loc). */
export function packFiles(pack: DiskPack, configPath: string): string[] {
  const rel = (p: string) => relative(pack.baseDir, p).split(sep).join('/');
  return [
    rel(configPath),
    ...Object.keys(pack.files),
    ...Object.keys(pack.locales).map((l) => `localizations/${l}.loc`),
  ].map((p) => p.replace(/^\.\//, ''));
}

/** Problems (empty when intact): each listed file's bytes must hash as listed. Run before the
 *  pack is parsed, so a tampered file is named as such rather than as a parse error. */
export function verifyListed(baseDir: string, expected: Record<string, string>, label: string): string[] {
  const problems: string[] = [];
  for (const [file, hash] of Object.entries(expected)) {
    const actual = sha256File(join(baseDir, file));
    if ('error' in actual) problems.push(`${label}: checksum mismatch: ${/: file not found$/.test(actual.error) ? `${join(baseDir, file)} is missing` : actual.error}`);
    else if (actual.hash !== hash) problems.push(`${label}: checksum mismatch: ${join(baseDir, file)} (sha256 ${actual.hash}, expected ${hash})`);
  }
  return problems;
}

/** Problems: every file of the loaded pack must be listed (an added validator or .loc is a change too). */
export function verifyUnlisted(pack: DiskPack, configPath: string, expected: Record<string, string>, label: string): string[] {
  return packFiles(pack, configPath).filter((file) => !(file in expected))
    .map((file) => `${label}: checksum mismatch: ${join(pack.baseDir, file)} is not in the list of checksums`);
}

export interface Manifest {
  format: 'sec_check-manifest';
  format_version: 1;
  files: Record<string, string>;
}

/** The manifest of a pack: sha256 of each of its files. */
export function buildManifest(pack: DiskPack, configPath: string): Manifest {
  const files: Record<string, string> = {};
  for (const file of packFiles(pack, configPath).sort()) {
    const hash = sha256File(join(pack.baseDir, file));
    if ('error' in hash) throw new IntegrityError(`cannot read ${hash.error}`);
    files[file] = hash.hash;
  }
  return { format: 'sec_check-manifest', format_version: 1, files };
}

export function manifestPath(configPath: string): string {
  return join(dirname(configPath), MANIFEST_FILE);
}

/** The manifest beside a pack's config.json, or null when it has none. */
export function readManifest(configPath: string): Record<string, string> | null {
  const path = manifestPath(configPath);
  let parsed: Manifest;
  try {
    if (!inputExists(path)) return null;
    parsed = readInputJson(path, INPUT_CAPS.state) as Manifest;
  } catch (e) {
    if (e instanceof InputFileError) throw new IntegrityError(`not a valid manifest: ${e.message}`);
    throw e;
  }
  const ok = parsed && parsed.format === 'sec_check-manifest' && parsed.files && typeof parsed.files === 'object'
    && Object.values(parsed.files).every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h));
  if (!ok) throw new IntegrityError(`${path}: not a sec_check manifest (format sec_check-manifest, files: {path: sha256})`);
  return parsed.files;
}

/** One digest of a whole file list (for the report's run.pack.sha256). */
export function listDigest(hashes: Record<string, string>): string {
  const h = createHash('sha256');
  for (const file of Object.keys(hashes).sort()) h.update(`${hashes[file]}  ${file}\n`);
  return h.digest('hex');
}
