// Opens the one connection every command uses, with one wording for connection errors.
// An audit only reads: its session is read-only and each statement is time-limited, so a
// hostile or broken pack cannot change or stall the server.
import pg from 'pg';

export class ConnectionError extends Error {}

export interface ConnectionOptions {
  /** Read-only session (run, report); pack --upload writes. */
  readOnly: boolean;
  /** statement_timeout for every statement of the session, in ms. */
  statementTimeoutMs?: number;
}

export async function openConnection(config: pg.ClientConfig, opts: ConnectionOptions): Promise<pg.Client> {
  const client = new pg.Client(config);
  const settings = [
    opts.readOnly ? 'SET default_transaction_read_only = on' : null,
    opts.statementTimeoutMs !== undefined ? `SET statement_timeout = ${Math.floor(opts.statementTimeoutMs)}` : null,
  ].filter(Boolean);
  try {
    await client.connect();
    if (settings.length) await client.query(settings.join('; '));
  } catch (e) {
    await client.end().catch(() => undefined);
    const where = `${config.host}:${config.port} as ${config.user} to database ${config.database}`;
    throw new ConnectionError(`cannot connect (${where}): ${(e as Error).message}`);
  }
  return client;
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
