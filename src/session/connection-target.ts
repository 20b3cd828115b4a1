// Where and how to connect, resolved as libpq resolves it (so `sec-check -h … -U …`, a URI,
// a conninfo string, PGSERVICE and the PG* variables mean what they mean to psql):
//   1. explicit keywords: -h, -p, -U, then a -d that is a URI or conninfo string (whose
//      values win over -h/-p/-U, as in psql), or a plain -d database name;
//   2. the service (service= or PGSERVICE) from pg_service.conf, for keywords still unset;
//   3. the environment variables (PGHOST, PGPORT, PGSSLMODE, …), for keywords still unset;
//   4. defaults: socket directory /tmp, port 5432, the OS user, the database named as the user,
//      sslmode prefer, ~/.pgpass, ~/.postgresql/{root.crt,postgresql.crt,postgresql.key}.
// A password is never taken from the command line (a connection string holding one is
// refused): PGPASSWORD, a service file, the password file, or the -W prompt.
import { isIP } from 'node:net';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { CONNINFO_KEYWORDS, ConninfoError, isConnectionString, parseConnectionString, type ConnParams } from './conninfo.ts';
import { UsageError } from './errors.ts';
import { lookupService } from './pg-service.ts';
import { defaultPassfile, DEFAULT_SOCKET_DIR } from './pgpass.ts';

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = typeof SSL_MODES[number];

/** -w: never prompt; -W: prompt before connecting; default: prompt on a terminal when the server asks. */
export type PromptMode = 'never' | 'tty' | 'always';

/** A password held out of JSON, logs and inspection; shared by copies of a target (reconnects reuse a prompted one). */
export class Credentials {
  #password: string | undefined;
  constructor(password?: string) { this.#password = password; }
  get(): string | undefined { return this.#password; }
  set(password: string): void { this.#password = password; }
  toJSON(): string | null { return this.#password === undefined ? null : '(set)'; }
  [inspect.custom](): string { return this.#password === undefined ? 'Credentials(none)' : 'Credentials(set)'; }
}

export interface ConnectionTarget {
  /** socket directory or host name: what messages, ~/.pgpass and certificate checks use */
  host: string;
  /** numeric address to connect to instead of resolving host */
  hostaddr: string | null;
  port: number;
  user: string;
  database: string;
  credentials: Credentials;
  passfile: string;
  sslmode: SslMode;
  sslrootcert: string;
  sslcert: string;
  sslkey: string;
  sslcrl: string | null;
  sslpassword: string | null;
  sslsni: boolean;
  /** 0: wait as long as the operating system does */
  connectTimeoutMs: number;
  applicationName: string;
  options: string | null;
  prompt: PromptMode;
  /** true when the socket directory / host is a Unix socket (no TLS there, as in libpq) */
  socket: boolean;
}

/** What the command line gave (each undefined when absent). */
export interface ConnectionArgs {
  host?: string;
  port?: string;
  user?: string;
  /** a database name, or a URI / conninfo string */
  dbname?: string;
  /** -w */
  noPassword?: boolean;
  /** -W */
  forcePrompt?: boolean;
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** a password from elsewhere (a fleet inventory's password_file) */
  password?: string;
  prompt?: PromptMode;
  /** application_name when neither the connection string nor PGAPPNAME names one */
  fallbackApplicationName?: string;
  /** when connect_timeout is not given (libpq: none; sec-check: 15 s) */
  defaultConnectTimeoutMs?: number;
  /** sslmode forced by the caller (the findings channel's tls.enabled) */
  sslmode?: SslMode;
  /** sslrootcert when none is given ('system': the system's CAs), instead of ~/.postgresql/root.crt */
  defaultSslrootcert?: string;
  /** where each explicit keyword came from, for messages (`--port`, `-d`) */
  labels?: Partial<Record<string, string>>;
}

/** Option names of the command line, for messages about values given there. */
const ARG_LABELS: Record<string, string> = { host: '--host', port: '--port', user: '--user', dbname: '--dbname' };

/** Resolves the connection the way libpq does; errors are one-line usage errors naming where a bad value came from. */
export function resolveConnection(args: ConnectionArgs, opts: ResolveOptions = {}): ConnectionTarget {
  const env = opts.env ?? process.env;
  const params: ConnParams = {};
  const from: Record<string, string> = {};
  const put = (source: ConnParams, label: (k: string) => string, onlyUnset: boolean) => {
    for (const [k, v] of Object.entries(source)) {
      if (v === undefined) continue;
      if (onlyUnset && params[k] !== undefined) continue;
      // an empty value given later does not replace a non-empty one (libpq's rule for expanded dbname)
      if (!onlyUnset && v === '' && params[k]) continue;
      params[k] = v;
      from[k] = label(k);
    }
  };
  try {
    if (args.noPassword && args.forcePrompt) throw new UsageError('-w (--no-password) and -W (--password): choose one');
    // 1. explicit: -h -p -U, then -d (a connection string there wins over them, as in psql)
    put({ host: args.host, port: args.port, user: args.user }, (k) => opts.labels?.[k] ?? ARG_LABELS[k], false);
    if (args.dbname !== undefined) {
      if (isConnectionString(args.dbname)) {
        const where = opts.labels?.dbname ?? '--dbname';
        const parsed = parseConnectionString(args.dbname, `${where} connection string`);
        if (parsed.password !== undefined || parsed.sslpassword !== undefined) {
          throw new UsageError(`${where}: the connection string holds a password; sec-check takes passwords only from PGPASSWORD, ~/.pgpass, a service file or the -W prompt (never from the command line, where ps and shell history show it)`);
        }
        put(parsed, (k) => `${where} connection string (${k})`, false);
      } else {
        put({ dbname: args.dbname }, () => opts.labels?.dbname ?? ARG_LABELS.dbname, false);
      }
    }
    // 2. the service
    const service = params.service ?? env.PGSERVICE;
    if (service) {
      const found = lookupService(service, env);
      put(found.params, (k) => `service "${service}" in ${found.file} (${k})`, true);
    }
    // 3. the environment
    for (const [k, variable] of Object.entries(CONNINFO_KEYWORDS)) {
      if (variable && params[k] === undefined && env[variable] !== undefined) put({ [k]: env[variable] }, () => variable, true);
    }
    if (params.sslmode === undefined && params.requiressl === '1') put({ sslmode: 'require' }, () => from.requiressl, true);
  } catch (e) {
    if (e instanceof ConninfoError) throw new UsageError(e.message);
    throw e;
  }
  const fail = (k: string, why: string): never => { throw new UsageError(`${from[k] ?? k}: ${why}`); };
  const value = (k: string): string | undefined => (params[k] === undefined || params[k] === '' ? undefined : params[k]);

  // 4. checks and defaults
  const hostText = value('host');
  if (hostText?.includes(',')) fail('host', `several hosts (${JSON.stringify(hostText)}) are not supported: give one`);
  const hostaddr = value('hostaddr') ?? null;
  if (hostaddr !== null && (hostaddr.includes(',') || isIP(hostaddr) === 0)) fail('hostaddr', `not a numeric IP address: ${JSON.stringify(hostaddr)}`);
  const host = hostText ?? (hostaddr ?? DEFAULT_SOCKET_DIR);
  const portText = value('port') ?? '5432';
  if (portText.includes(',')) fail('port', `several ports (${JSON.stringify(portText)}) are not supported: give one`);
  const port = Number(portText);
  if (!/^\d+$/.test(portText.trim()) || !Number.isInteger(port) || port < 1 || port > 65535) fail('port', `not a port number: ${JSON.stringify(portText)}`);
  let user = value('user');
  if (user === undefined) {
    try { user = userInfo().username; } catch { throw new UsageError('no user name: give -U NAME (or PGUSER)'); }
  }
  const database = value('dbname') ?? user;

  const rootcert = value('sslrootcert') ?? opts.defaultSslrootcert;
  let sslmode = (opts.sslmode ?? value('sslmode') ?? (rootcert === 'system' ? 'verify-full' : 'prefer')) as SslMode;
  if (!SSL_MODES.includes(sslmode)) fail('sslmode', `invalid sslmode value: ${JSON.stringify(sslmode)} (${SSL_MODES.join(', ')})`);
  if (rootcert === 'system' && sslmode !== 'verify-full' && !opts.sslmode) fail('sslmode', `weak sslmode "${sslmode}" may not be used with sslrootcert=system (use "verify-full")`);
  if (opts.sslmode) sslmode = opts.sslmode;

  const timeoutText = value('connect_timeout');
  let connectTimeoutMs = opts.defaultConnectTimeoutMs ?? 15_000;
  if (timeoutText !== undefined) {
    if (!/^-?\d+$/.test(timeoutText.trim())) fail('connect_timeout', `invalid integer value ${JSON.stringify(timeoutText)}`);
    const seconds = Number(timeoutText);
    // libpq: 0 or less waits indefinitely; 1 s is raised to 2 s
    connectTimeoutMs = seconds <= 0 ? 0 : Math.max(2, seconds) * 1000;
  }
  const sni = value('sslsni');
  if (sni !== undefined && sni !== '0' && sni !== '1') fail('sslsni', `invalid value ${JSON.stringify(sni)} (0 or 1)`);
  const postgresDir = join(homedir(), '.postgresql');
  const password = opts.password ?? params.password;
  return {
    host,
    hostaddr,
    port,
    user,
    database,
    credentials: new Credentials(password === '' ? undefined : password),
    passfile: value('passfile') ?? defaultPassfile(),
    sslmode,
    sslrootcert: rootcert ?? join(postgresDir, 'root.crt'),
    sslcert: value('sslcert') ?? join(postgresDir, 'postgresql.crt'),
    sslkey: value('sslkey') ?? join(postgresDir, 'postgresql.key'),
    sslcrl: value('sslcrl') ?? null,
    sslpassword: params.sslpassword ?? null,
    sslsni: sni !== '0',
    connectTimeoutMs,
    applicationName: value('application_name') ?? value('fallback_application_name') ?? opts.fallbackApplicationName ?? 'sec-check',
    options: value('options') ?? null,
    prompt: args.noPassword ? 'never' : args.forcePrompt ? 'always' : (opts.prompt ?? 'tty'),
    socket: !hostaddr && host.startsWith('/'),
  };
}

/** host:port as messages show it (the socket directory for a Unix socket). */
export function describeTarget(t: Pick<ConnectionTarget, 'host' | 'port' | 'user' | 'database'>): string {
  return `${t.host}:${t.port} as ${t.user} to database ${t.database}`;
}
