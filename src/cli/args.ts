// Command-line options shared by the commands. The connection options are psql's (-h -p -U
// -d -w -W, -d taking a URI or conninfo string too) and resolve as libpq does
// (src/session/connection-target.ts). Passwords are never accepted as options: PGPASSWORD,
// ~/.pgpass, a pg_service.conf service or the -W prompt, so none lands in shell history.
import { parseArgs } from 'node:util';
import { UsageError } from '../session/errors.ts';
import { resolveConnection, type ConnectionTarget, type ResolveOptions } from '../session/connection-target.ts';

export const CONNECTION_OPTIONS = {
  host: { type: 'string', short: 'h' },
  port: { type: 'string', short: 'p' },
  user: { type: 'string', short: 'U' },
  username: { type: 'string' },
  database: { type: 'string', short: 'd' },
  dbname: { type: 'string' },
  'no-password': { type: 'boolean', short: 'w' },
  password: { type: 'boolean', short: 'W' },
} as const;

/** The connection options' lines of every command's help. */
export const CONNECTION_HELP = `Connection options (as psql; PGHOST, PGPORT, PGUSER, PGDATABASE, PGSERVICE, PGSSLMODE... apply):
  -h, --host HOST|DIR  server host or Unix socket directory (default /tmp)
  -p, --port PORT      server port (default 5432)
  -U, --user NAME      user name, also --username (default the OS user)
  -d, --dbname NAME    database name (default the user name), also --database; or a connection
                       string: postgresql://user@host:5432/db?sslmode=verify-full or
                       "host=db1 dbname=app service=prod sslmode=require" (libpq keywords)
  -w, --no-password    never prompt for a password
  -W, --password       prompt for the password before connecting
  The password comes from PGPASSWORD, ~/.pgpass (PGPASSFILE; mode 0600), a pg_service.conf
  service or the prompt (asked on a terminal when the server wants one), never from an option.`;

/** Names of the connection options, for commands that check whether any was given. */
export const CONNECTION_OPTION_NAMES = Object.keys(CONNECTION_OPTIONS);

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;
export type OptionValues = Record<string, string | boolean | undefined>;

/** Parses options strictly: unknown, valueless or repeated options are usage errors (one line). */
export function parse(argv: string[], options: OptionSpec): { values: OptionValues } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: '?' } }, allowPositionals: false, strict: true, tokens: true });
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

/**
 * The connection the options (and the environment, service file and defaults, as libpq takes
 * them) describe. --user/--username and --database/--dbname are the same option twice.
 */
export function connectionConfig(values: OptionValues, opts: ResolveOptions = {}): ConnectionTarget {
  const both = (a: string, b: string) => {
    if (values[a] !== undefined && values[b] !== undefined) throw new UsageError(`--${a} and --${b} are the same option: give one`);
    return (values[a] ?? values[b]) as string | undefined;
  };
  const user = both('user', 'username');
  const dbname = both('database', 'dbname');
  const dbLabel = values.dbname !== undefined ? '--dbname' : '--database';
  return resolveConnection(
    { host: values.host as string | undefined, port: values.port as string | undefined, user, dbname, noPassword: values['no-password'] === true, forcePrompt: values.password === true },
    { ...opts, labels: { dbname: dbLabel, user: values.username !== undefined ? '--username' : '--user', ...opts.labels } },
  );
}

/** Whether any connection option was given (for commands that connect only with some other option). */
export function hasConnectionOption(values: OptionValues): boolean {
  return CONNECTION_OPTION_NAMES.some((k) => values[k] !== undefined);
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
