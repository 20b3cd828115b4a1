// Command-line options shared by the commands. Passwords are never accepted as options:
// PGPASSWORD or ~/.pgpass only (the pg client reads both), so none lands in shell history.
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import type pg from 'pg';
import { UsageError } from '../session/errors.ts';

export const CONNECTION_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  database: { type: 'string' },
} as const;

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;
export type OptionValues = Record<string, string | boolean | undefined>;

/** Parses options strictly: unknown, valueless or repeated options are usage errors (one line). */
export function parse(argv: string[], options: OptionSpec): { values: OptionValues } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: false, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\s*\n\s*/g, ' '));
  }
  // parseArgs keeps the last of a repeated option silently; `--format Html --format Json`
  // would then write one format when the user asked for two.
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} given more than once (for several values use one comma list)`);
    seen.add(token.name);
  }
  return { values: parsed.values as OptionValues };
}

export interface ConnectionArgs { host?: string; port?: string; user?: string; database?: string }

export function connectionConfig(values: ConnectionArgs): pg.ClientConfig & { host: string; port: number; user: string; database: string } {
  const env = process.env;
  const portText = values.port ?? env.PGPORT ?? '5432';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port: not a port number: ${JSON.stringify(portText)}`);
  return {
    host: values.host ?? env.PGHOST ?? '/tmp',
    port,
    user: values.user ?? env.PGUSER ?? userInfo().username,
    database: values.database ?? env.PGDATABASE ?? 'postgres',
    application_name: 'sec-check',
    connectionTimeoutMillis: 15_000,
  };
}

/** A comma list option: absent -> null; present, it must name at least one non-empty item. */
export function splitList(value: string | undefined, option = '--groups'): string[] | null {
  if (value === undefined) return null;
  const list = value.split(',').map((s) => s.trim());
  if (list.every((s) => s === '')) throw new UsageError(`${option}: no names in ${JSON.stringify(value)}`);
  const empty = list.findIndex((s) => s === '');
  if (empty >= 0) throw new UsageError(`${option}: empty name at position ${empty + 1} in ${JSON.stringify(value)}`);
  return list;
}

/** A message language code such as en, ru, pt_BR; anything else (paths, "../x") is refused. */
export function parseLocale(value: string | undefined): string {
  if (value === undefined) return 'en';
  if (!/^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?$/.test(value)) {
    throw new UsageError(`--locale: not a language code: ${JSON.stringify(value)} (for example en, ru)`);
  }
  return value;
}

/** A string option that, when given, must not be empty or blank. */
export function nonEmpty(value: string | boolean | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${option}: empty value ${JSON.stringify(value)}`);
  return value;
}

/** Runs a parser of an option value; its error becomes a usage error (exit 2, no stack). */
export function asUsage<T>(parseValue: () => T): T {
  try {
    return parseValue();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A stored pack name for --upload: short, printable, and not the built-in pack's. */
export function parsePackName(value: string | boolean | undefined): string {
  const name = nonEmpty(value, '--upload') ?? '';
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(name)) throw new UsageError(`--upload: not a pack name: ${JSON.stringify(name)} (letters, digits, _ . -; at most 63)`);
  if (name === 'builtin') throw new UsageError('--upload builtin: the built-in pack comes with the extension and cannot be replaced; choose another name');
  return name;
}

/** `30s`, `5m`, `1h`, `1d` (or a bare number of seconds) to milliseconds; at least 1 s. */
export function parseDuration(text: string, option = '--every'): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|min|h|d)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${option}: not a duration: ${JSON.stringify(text)} (for example 30s, 15m, 1h, 1d)`);
  const unit = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 's']!;
  const ms = Math.round(Number(m[1]) * unit);
  if (ms < 1000) throw new UsageError(`${option}: ${JSON.stringify(text)} is shorter than 1s`);
  return ms;
}
