// Delivery to the central table: spool first, then connect, set the table up when it is
// missing, and insert every spooled batch (oldest first), one transaction each; a batch file
// is removed only after its COMMIT. Anything that fails leaves the batch pending for the next
// run or `sec-check channel flush`.
import type pg from 'pg';
import { openConnection } from '../session/connect.ts';
import { resolveConnection, type ConnectionTarget } from '../session/connection-target.ts';
import { createIndexSql, createSchemaSql, createTableSql, identityIndexName, insertSql } from './ddl.ts';
import { ChannelTrustError, lockAndVerify, targetName, verifyEventTriggers, verifySchema } from './trust.ts';
import { describeChannel } from './config.ts';
import { assertNoDetectionLoop, readIdentity } from './identity.ts';
import { listBatches, pendingCount, readBatch, removeBatch, writeBatch } from './spool.ts';
import type { ChannelConfig, ChannelFinding, DeliverResult, SourceIdentity } from './types.ts';
import { maskSecrets } from '../session/secret-mask.ts';

export interface DeliverOptions {
  spoolDir: string;
  /** The audited database (for the detection-loop guard); null for findings of unknown origin. */
  source?: SourceIdentity | null;
  connectTimeoutMs?: number;
  /** Where warnings go (default stderr), e.g. that the channel user is a superuser. */
  warn?: (line: string) => void;
}

export class ChannelSetupError extends Error {}

/** The channel's connection: its file's keys, libpq's resolution for the rest (PGSSLROOTCERT, ~/.pgpass). */
export function channelTarget(config: ChannelConfig, connectTimeoutMs = 10_000): ConnectionTarget {
  return resolveConnection({ host: config.host, port: String(config.port), user: config.username, dbname: config.dbname }, {
    password: config.password,
    prompt: 'never',
    // tls.enabled (pgsense-rs's key): the server's certificate and name verified, by the
    // system's CAs unless PGSSLROOTCERT names a file
    sslmode: config.tls.enabled ? 'verify-full' : 'disable',
    defaultSslrootcert: config.tls.enabled ? 'system' : undefined,
    fallbackApplicationName: 'sec-check channel',
    defaultConnectTimeoutMs: connectTimeoutMs,
  });
}

export async function connectChannel(config: ChannelConfig, connectTimeoutMs?: number): Promise<pg.Client> {
  let client: pg.Client;
  try {
    client = await openConnection(channelTarget(config, connectTimeoutMs), { readOnly: false, statementTimeoutMs: 30_000 });
  } catch (e) {
    throw new Error(`cannot connect to the channel ${describeChannel(config)} as ${config.username}: ${maskSecrets(oneLine(e).replace(/^cannot connect \([^)]*\): /, ''), [config.password])}`);
  }
  try {
    // every name this session uses is qualified; pinning search_path also keeps a schema the
    // database's or role's settings put first from shadowing a type or function we name
    await client.query('SET search_path = pg_catalog, pg_temp');
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new Error(`cannot set up the channel session ${describeChannel(config)}: ${maskSecrets(oneLine(e), [config.password])}`);
  }
  client.on('error', () => undefined); // a dropped connection fails the statement running, not the process
  return client;
}

function oneLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}

/**
 * Creates the schema, the table and the identity index when they are missing (needs CREATE
 * on the database / schema once), and otherwise only checks them: an INSERT-only writer never
 * runs a CREATE (PostgreSQL checks the CREATE privilege even with IF NOT EXISTS). Before any
 * DDL the schema's owner and the database's DDL event triggers are checked, and the table is
 * checked as every delivery checks it (trust.ts) before the index is built on it.
 */
export async function setupChannelTable(client: pg.Client, config: ChannelConfig): Promise<void> {
  const { schema, table } = config;
  const qualified = targetName(config);
  await client.query('BEGIN');
  try {
    // concurrent first starts (a fleet, two hosts) create the objects once
    await client.query(`SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('sec_check.channel'))`);
    const state = await client.query(
      `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1) AS has_schema,
              pg_catalog.to_regclass($3) IS NOT NULL AS has_table,
              EXISTS (SELECT 1 FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
                       WHERE i.indrelid = pg_catalog.to_regclass($3) AND i.indisunique AND c.relname = $2) AS has_index`,
      [schema, identityIndexName(table), qualified],
    );
    const s = state.rows[0] as { has_schema: boolean; has_table: boolean; has_index: boolean };
    // a table about to be created in an existing schema: its owner first (the full check below names it too)
    if (s.has_schema && !s.has_table) await verifySchema(client, config);
    if (!s.has_schema || !s.has_table) await verifyEventTriggers(client, config);
    if (!s.has_schema) await client.query(createSchemaSql(schema));
    if (!s.has_table) await client.query(createTableSql(schema, table));
    await lockAndVerify(client, config);
    if (!s.has_index) {
      await verifyEventTriggers(client, config);
      await client.query(createIndexSql(schema, table)).catch((e) => {
        throw new ChannelSetupError(`${qualified} has no unique index ${identityIndexName(table)} and it cannot be created here (${oneLine(e)}); ` +
          `run sec-check once as the table's owner, or: ${createIndexSql(schema, table)}`);
      });
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (e instanceof ChannelSetupError || e instanceof ChannelTrustError) throw e;
    throw new ChannelSetupError(`cannot set up ${qualified} in ${config.dbname}: ${oneLine(e)}`);
  }
}

const warnedSuperuser = new Set<string>();

/** Warns (once per channel and process) when the channel user is a superuser: an INSERT-only role is what it needs. */
async function warnIfSuperuser(client: pg.Client, config: ChannelConfig, warn: (line: string) => void): Promise<void> {
  const key = `${config.host}:${config.port}/${config.dbname}/${config.username}`;
  if (warnedSuperuser.has(key)) return;
  const r = await client.query<{ su: boolean }>(`SELECT pg_catalog.current_setting('is_superuser') = 'on' AS su`);
  if (!r.rows[0]?.su) return;
  warnedSuperuser.add(key);
  warn(`channel: warning: the channel user ${JSON.stringify(config.username)} is a superuser; anything that could run code in the findings table would run with all rights. ` +
    `Give the channel a role with INSERT on ${targetName(config)} and USAGE on its schema and id sequence only`);
}

/** Spools the findings, then delivers everything spooled; never throws for channel trouble. */
export async function deliverFindings(config: ChannelConfig, findings: ChannelFinding[], opts: DeliverOptions): Promise<DeliverResult> {
  const { spoolDir } = opts;
  if (findings.length) writeBatch(spoolDir, findings, opts.source ?? null);
  const result: DeliverResult = { delivered: 0, duplicates: 0, pending: 0, spoolDir };
  const batches = listBatches(spoolDir);
  if (batches.length) {
    let client: pg.Client | null = null;
    try {
      client = await connectChannel(config, opts.connectTimeoutMs);
      await warnIfSuperuser(client, config, opts.warn ?? ((line) => process.stderr.write(`${line}\n`)));
      await setupChannelTable(client, config);
      const channelIdentity = await readIdentity(client);
      const insert = insertSql(config.schema, config.table);
      for (const path of batches) {
        let batch;
        try {
          batch = readBatch(path);
        } catch (e) {
          result.error ??= `cannot read spooled batch: ${oneLine(e)}`;
          continue;
        }
        try {
          if (batch.source) assertNoDetectionLoop(config, batch.source, channelIdentity);
        } catch (e) {
          result.error ??= `${path}: ${oneLine(e)}`;
          continue;
        }
        const rows = batch.findings.map(({ key: _key, ...row }) => row);
        await client.query('BEGIN');
        try {
          // checked in the inserting transaction, with the table locked against DDL until COMMIT
          await lockAndVerify(client, config);
          const res = await client.query(insert, [JSON.stringify(rows)]);
          await client.query('COMMIT');
          result.delivered += res.rowCount ?? 0;
          result.duplicates += rows.length - (res.rowCount ?? 0);
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (e instanceof ChannelTrustError) throw e;
          const hint = (e as { code?: string }).code === '42501' ? ' (the channel role needs USAGE on the schema, INSERT on the table and USAGE on its id sequence)' : '';
          throw new Error(`insert into "${config.schema}"."${config.table}" failed: ${oneLine(e)}${hint}`);
        }
        removeBatch(path); // only now: the rows are committed
      }
    } catch (e) {
      result.error ??= oneLine(e);
    } finally {
      await client?.end().catch(() => undefined);
    }
  }
  result.pending = pendingCount(spoolDir);
  if (result.error) result.error = maskSecrets(result.error, [config.password]);
  return result;
}

/** The one summary line every command prints after a delivery. */
export function deliverySummary(r: DeliverResult): string {
  const dup = r.duplicates ? ` (${r.duplicates} already there, not inserted again)` : '';
  return `channel: ${r.delivered} finding${r.delivered === 1 ? '' : 's'} delivered${dup}, ${r.pending} pending in ${r.spoolDir}`;
}

/** Exit code of a command whose findings are still pending in the spool. */
export const EXIT_PENDING = 3;
