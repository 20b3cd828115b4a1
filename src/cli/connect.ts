// Opens the audit connection. Checks only read: the session is read-only and each
// statement is time-limited, so a hostile or broken pack cannot change or stall the server.
import pg from 'pg';

export class ConnectionError extends Error {}

export async function openAuditConnection(config: pg.ClientConfig, statementTimeoutMs = 60_000): Promise<pg.Client> {
  const client = new pg.Client(config);
  try {
    await client.connect();
    await client.query(`SET default_transaction_read_only = on; SET statement_timeout = ${Math.floor(statementTimeoutMs)}`);
  } catch (e) {
    await client.end().catch(() => undefined);
    const where = `${config.host}:${config.port} as ${config.user} to database ${config.database}`;
    throw new ConnectionError(`cannot connect (${where}): ${(e as Error).message}`);
  }
  return client;
}

/** Stores a report through sec_check.record_run; returns the run id. */
export async function storeReport(client: pg.Client, report: object): Promise<number> {
  const installed = await client.query(`SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'sec_check'`);
  if (installed.rowCount === 0) {
    throw new ConnectionError('--store: the sec_check extension is not installed in this database (CREATE EXTENSION sec_check)');
  }
  await client.query('SET default_transaction_read_only = off');
  const res = await client.query('SELECT sec_check.record_run($1::jsonb) AS id', [JSON.stringify(report)]);
  return Number(res.rows[0].id);
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
