// Command-line options shared by the commands. Passwords are never accepted as options:
// PGPASSWORD or ~/.pgpass only (the pg client reads both), so none lands in shell history.
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import type pg from 'pg';

export class UsageError extends Error {}

export const CONNECTION_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  database: { type: 'string' },
} as const;

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;
export type OptionValues = Record<string, string | boolean | undefined>;

export function parse(argv: string[], options: OptionSpec): { values: OptionValues } {
  try {
    const { values } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: false, strict: true });
    return { values: values as OptionValues };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
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

export function splitList(value: string | undefined): string[] | null {
  if (!value) return null;
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  return list.length ? list : null;
}

/** Runs a parser of an option value; its error becomes a usage error (exit 2, no stack). */
export function asUsage<T>(parseValue: () => T): T {
  try {
    return parseValue();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
