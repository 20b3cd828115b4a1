// PII discovery from Node (`sec-check pii`): the core generator and rules that
// sec_check.pii_scan() runs in the database, driven here over the caller's read-only
// connection, and the post of its document (--store) through sec_check.record_pii_findings.
import type pg from 'pg';
import { runAsync } from '../core/host.ts';
import type { PiiBundle } from '../core/pii/rules.ts';
import { piiScan, type PiiOptions, type PiiScanDocument } from '../core/pii/scan.ts';
import piiRules from '../core/pii/rules.generated.json';
import { ConnectionError } from '../session/connect.ts';

/** Scans what the connected role can read; the document carries masks only. */
export async function scanDatabase(client: pg.Client, options: PiiOptions): Promise<PiiScanDocument> {
  return runAsync(piiScan(piiRules as PiiBundle, options), {
    runtime: 'node',
    query: async (sql) => (await client.query(sql)).rows,
    shell: async () => ({ ok: false, unavailable: true }),
  });
}

/** Posts the document with origin cli; returns the scan id. */
export async function storePiiScan(client: pg.Client, doc: PiiScanDocument): Promise<string> {
  const grantHint = (e: Error & { code?: string }) => new ConnectionError(`--store: ${e.message}${e.code === '42501' ? ' (the role needs SELECT sec_check.grant_pii_access(\'ROLE\'))' : ''}`);
  const installed = await client.query(`SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'sec_check' AND p.proname = 'record_pii_findings'`);
  if (installed.rowCount === 0) throw new ConnectionError('--store: the sec_check extension (0.3.0 or later) is not installed in this database');
  await client.query('SET default_transaction_read_only = off');
  const r = await client.query('SELECT sec_check.record_pii_findings($1::jsonb, \'cli\')::text AS id', [JSON.stringify(doc)])
    .catch((e: Error & { code?: string }) => { throw grantHint(e); });
  return r.rows[0].id;
}
