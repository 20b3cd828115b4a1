// Strict TOML input files (the channel file, the fleet inventory): parsed with smol-toml,
// every key checked (an unknown key — usually a typo — is an error naming it, never a
// silent fallback to a default), every error one line naming the file, the key and the value.
import { parse, TomlError } from 'smol-toml';
import { checkInputFile, INPUT_CAPS, InputFileError, readInputText } from './input-file.ts';
import { maskSecrets } from './secret-mask.ts';

export { InputFileError };

export type TomlTable = Record<string, unknown>;

/** Reads (through the checked reader) and parses a TOML file; every problem is one line naming the file. */
export function readToml(file: string): TomlTable {
  const text = readInputText(file, INPUT_CAPS.settings);
  try {
    return parse(text) as TomlTable;
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
      throw new InputFileError(`${file}: invalid TOML at line ${e.line}, column ${e.column}: ${maskSecrets(first)}`);
    }
    throw new InputFileError(`${file}: invalid TOML: ${maskSecrets((e as Error).message.split('\n')[0])}`);
  }
}

/** A value for a message: strings masked (a password in a URI or key=value), JSON-quoted and cut; tables/arrays by kind. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    const masked = maskSecrets(value);
    return JSON.stringify(masked.length > 80 ? `${masked.slice(0, 79)}…` : masked);
  }
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  if (value !== null && typeof value === 'object') return 'a table';
  return String(value);
}

/** Helpers bound to one file and one table path (`alerts.postgres`, `servers[2]`). */
export class TableReader {
  constructor(readonly file: string, readonly path: string, readonly table: TomlTable) {}

  key(k: string): string { return this.path ? `${this.path}.${k}` : k; }

  fail(k: string, message: string): never {
    throw new InputFileError(`${this.file}: ${this.key(k)}: ${message}`);
  }

  /** Every key must be one of `allowed`. */
  onlyKeys(allowed: string[]): void {
    for (const k of Object.keys(this.table)) {
      if (!allowed.includes(k)) {
        throw new InputFileError(`${this.file}: unknown key ${this.key(k)} (allowed${this.path ? ` in [${this.path}]` : ''}: ${allowed.join(', ')})`);
      }
    }
  }

  has(k: string): boolean { return this.table[k] !== undefined; }

  string(k: string, fallback?: string): string {
    const v = this.table[k];
    if (v === undefined) {
      if (fallback === undefined) this.fail(k, 'missing (required)');
      return fallback;
    }
    if (typeof v !== 'string') this.fail(k, `expected a string, got ${show(v)}`);
    if (v.trim() === '') this.fail(k, `empty value ${show(v)}`);
    if (/[\u0000-\u001f\u007f]/.test(v)) this.fail(k, `control characters in ${show(v)}`);
    return v;
  }

  port(k: string, fallback: number): number {
    const v = this.table[k];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) this.fail(k, `not a port number: ${show(v)}`);
    return v;
  }

  boolean(k: string, fallback: boolean): boolean {
    const v = this.table[k];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') this.fail(k, `expected true or false, got ${show(v)}`);
    return v;
  }

  strings(k: string): string[] {
    const v = this.table[k];
    if (v === undefined) return [];
    if (!Array.isArray(v)) this.fail(k, `expected an array of strings, got ${show(v)}`);
    return v.map((item, i) => {
      if (typeof item !== 'string' || item.trim() === '') this.fail(`${k}[${i}]`, `expected a non-empty string, got ${show(item)}`);
      return item;
    });
  }

  sub(k: string): TableReader {
    const v = this.table[k];
    if (v === undefined) return new TableReader(this.file, this.key(k), {});
    if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Date) this.fail(k, `expected a table, got ${show(v)}`);
    return new TableReader(this.file, this.key(k), v as TomlTable);
  }
}

/**
 * Reads a secret from a file: the trailing newline is dropped; the file must be a regular
 * file readable by its owner only (like ~/.pgpass and ssh keys), so a password never sits in
 * a world- or group-readable file unnoticed. The secret itself is never put in a message.
 */
export function readSecretFile(file: string, key: string, path: string): string {
  const label = `${file}: ${key}: ${show(path)}`;
  const st = checkInputFile(path, INPUT_CAPS.secret, label);
  if ((st.mode & 0o077) !== 0) {
    throw new InputFileError(`${label} is readable by group or others (mode ${(st.mode & 0o777).toString(8)}); chmod 600 it`);
  }
  const text = readInputText(path, INPUT_CAPS.secret, label);
  const secret = text.replace(/\r?\n$/, '');
  if (secret === '') throw new InputFileError(`${file}: ${key}: ${show(path)} is empty`);
  if (/[\r\n\u0000]/.test(secret)) throw new InputFileError(`${file}: ${key}: ${show(path)} holds more than one line`);
  return secret;
}
