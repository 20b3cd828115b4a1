// Opens every connection of sec-check, with one wording for connection errors. The target
// is resolved the libpq way (connection-target.ts); here it is tried as libpq tries it:
// sslmode prefer/allow fall back between TLS and plain, a Unix socket never uses TLS, the
// password is looked up only when the server asks for one (the given one, then the password
// file), and a missing one is a clear "password required" (or a prompt on a terminal).
// An audit only reads: its session is read-only and each statement is time-limited, so a
// hostile or broken pack cannot change or stall the server.
import pg from 'pg';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { describeTarget, type ConnectionTarget } from './connection-target.ts';
import { passwordFromFile } from './pgpass.ts';
import { haveTerminal, promptPassword } from './password-prompt.ts';
import { tlsOptions, TlsSetupError } from './tls-options.ts';

export class ConnectionError extends Error {}

export interface ConnectionOptions {
  /** Read-only session (run, report); pack --upload writes. */
  readOnly: boolean;
  /** statement_timeout for every statement of the session, in ms. */
  statementTimeoutMs?: number;
}

/** The server asked for a password and there is none to give. */
class PasswordRequired extends Error {}

const warned = new Set<string>();
/** A warning once per process (a pool opens several connections with one password file). */
function warnOnce(line: string): void {
  if (warned.has(line)) return;
  warned.add(line);
  process.stderr.write(`${line}\n`);
}

/** The password for the target: the one given, else the password file's (looked up once). */
function passwordOf(t: ConnectionTarget): string | undefined {
  const given = t.credentials.get();
  if (given !== undefined) return given;
  const fromFile = passwordFromFile(t.passfile, { host: t.host, hostaddr: t.hostaddr ?? undefined, port: t.port, database: t.database, user: t.user }, warnOnce);
  return fromFile ?? undefined;
}

/** The pg client settings of one attempt (with or without TLS). */
function clientConfig(t: ConnectionTarget, ssl: TlsOptions | false): pg.ClientConfig {
  return {
    host: t.hostaddr ?? t.host,
    port: t.port,
    user: t.user,
    database: t.database,
    // asked only when the server wants a password: pg's own ~/.pgpass reading (and its
    // deprecation warning) is never used
    password: async () => {
      const pw = passwordOf(t);
      if (pw === undefined) throw new PasswordRequired('password required');
      return pw;
    },
    ssl,
    application_name: t.applicationName,
    connectionTimeoutMillis: t.connectTimeoutMs,
    ...(t.options !== null ? { options: t.options } : {}),
  } as pg.ClientConfig;
}

/** The attempts sslmode makes, in order: TLS or not. */
function attempts(t: ConnectionTarget): ('tls' | 'plain')[] {
  if (t.socket) return ['plain']; // libpq never asks for TLS over a Unix socket
  switch (t.sslmode) {
    case 'disable': return ['plain'];
    case 'allow': return ['plain', 'tls'];
    case 'prefer': return ['tls', 'plain'];
    default: return ['tls'];
  }
}

function oneLine(e: unknown): string {
  return String((e as Error)?.message ?? e).replace(/\s*\n\s*/g, ' ');
}

async function tryConnect(config: pg.ClientConfig, settings: string[]): Promise<pg.Client> {
  const client = new pg.Client(config);
  try {
    await client.connect();
    if (settings.length) await client.query(settings.join('; '));
    return client;
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
}

export async function openConnection(t: ConnectionTarget, opts: ConnectionOptions): Promise<pg.Client> {
  const settings = [
    opts.readOnly ? 'SET default_transaction_read_only = on' : null,
    opts.statementTimeoutMs !== undefined ? `SET statement_timeout = ${Math.floor(opts.statementTimeoutMs)}` : null,
  ].filter((x): x is string => x !== null);
  const fail = (why: string): never => { throw new ConnectionError(`cannot connect (${describeTarget(t)}): ${why}`); };
  if (t.prompt === 'always' && t.credentials.get() === undefined) await ask(t, true, fail);
  const plan = attempts(t);
  let prompted = false;
  for (let i = 0; i < plan.length; i++) {
    let ssl: TlsOptions | false = false;
    if (plan[i] === 'tls') {
      try { ssl = tlsOptions(t); } catch (e) {
        if (e instanceof TlsSetupError) fail(e.message);
        throw e;
      }
    }
    try {
      return await tryConnect(clientConfig(t, ssl), settings);
    } catch (e) {
      const err = e as Error & { code?: string };
      if (e instanceof PasswordRequired) {
        // psql's habit: on a terminal, ask once, then try again (-w never asks)
        if (!prompted && t.prompt !== 'never' && t.credentials.get() === undefined && haveTerminal()) {
          prompted = true;
          await ask(t, false, fail);
          i--;
          continue;
        }
        fail(`password required: the server asks for a password and none was given (PGPASSWORD, a line for ${t.host}:${t.port}:${t.database}:${t.user} in ${t.passfile} with mode 0600, or -W to type it)`);
      }
      const noTls = /does not support SSL/.test(err.message ?? '');
      // 28000: no pg_hba.conf line for this encryption: the other kind may have one (libpq does the same)
      const refused = err.code === '28000';
      if (i + 1 < plan.length && (noTls || refused)) continue;
      if (noTls) fail('server does not support SSL, but SSL was required');
      fail(oneLine(e));
    }
  }
  return fail('no connection attempt left');
}

async function ask(t: ConnectionTarget, forced: boolean, fail: (why: string) => never): Promise<void> {
  const pw = await promptPassword(`Password for user ${t.user}: `, forced);
  if (pw === null || pw === '') fail('password required: no password was typed');
  t.credentials.set(pw!);
}

/** Whether the sec_check extension is installed in the connected database. */
export async function extensionInstalled(client: pg.Client): Promise<boolean> {
  const installed = await client.query(`SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'sec_check'`);
  return (installed.rowCount ?? 0) > 0;
}

/** A result the agent may post: a check that ran a shell executor on this host. */
function isHostCheck(result: { executors?: { kind?: string; skipped?: string }[] }): boolean {
  return (result.executors ?? []).some((e) => e.kind === 'shell' && !e.skipped);
}

/**
 * Posts the host checks of a report through sec_check.record_run (the server keeps only
 * those too, and sets times, run_by and origin itself). Returns the run id and how many
 * results were posted, or null when there is nothing the host agent can add.
 */
export async function storeReport(client: pg.Client, report: { results: { executors?: { kind?: string; skipped?: string }[] }[] }): Promise<{ id: number; count: number } | null> {
  if (!(await extensionInstalled(client))) {
    throw new ConnectionError('--store: the sec_check extension is not installed in this database (CREATE EXTENSION sec_check)');
  }
  const results = report.results.filter(isHostCheck);
  if (results.length === 0) return null;
  await client.query('SET default_transaction_read_only = off');
  const res = await client.query('SELECT sec_check.record_run($1::jsonb) AS id', [JSON.stringify({ ...report, results })])
    .catch((e: Error & { code?: string }) => {
      const why = e.code === '42501' ? ' (the host agent role needs SELECT sec_check.grant_agent_access(\'ROLE\'))' : '';
      throw new ConnectionError(`--store: ${e.message}${why}`, { cause: e });
    });
  return { id: Number(res.rows[0].id), count: results.length };
}

/** A server error in one line, with a hint for the usual causes (no extension, no grants). */
export function describeServerError(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const msg = String(err?.message ?? e).split('\n')[0];
  if (err?.code === '3F000' || err?.code === '42P01' || err?.code === '42883') {
    return `${msg} — is the sec_check extension installed in this database? (CREATE EXTENSION sec_check)`;
  }
  if (err?.code === '42501') return `${msg} — the role lacks the grants (see sec_check.grant_audit_access)`;
  return msg;
}
