// Which server and database a connection reaches, and the audited server's WAL position.
// The detection-loop guard compares the audited database with the channel's database by
// the cluster's system identifier (pg_control_system(), the same for every host alias,
// address or socket of one cluster) and the database name; without the privilege to read
// the identifier it falls back to the server's address and port.
import type pg from 'pg';
import type { ChannelConfig, SourceIdentity } from './types.ts';
import { findingsTableExcluded, describeChannel } from './config.ts';

export async function readIdentity(client: pg.Client): Promise<SourceIdentity> {
  const base = await client.query(
    `SELECT pg_catalog.current_database() AS database, pg_catalog.host(pg_catalog.inet_server_addr()) AS addr,
            pg_catalog.current_setting('port')::int AS port`,
  );
  let systemIdentifier: string | null = null;
  try {
    const r = await client.query('SELECT system_identifier::text AS id FROM pg_catalog.pg_control_system()');
    systemIdentifier = r.rows[0]?.id ?? null;
  } catch {
    systemIdentifier = null; // no EXECUTE on pg_control_system(): the address decides
  }
  const row = base.rows[0] as { database: string; addr: string | null; port: number };
  return { systemIdentifier, database: row.database, serverAddr: row.addr, port: row.port };
}

/** The WAL position now, as the decimal bigint the channel stores (a standby: its replay position). */
export async function readLsn(client: pg.Client): Promise<string> {
  const r = await client.query(
    `SELECT (CASE WHEN pg_catalog.pg_is_in_recovery()
                  THEN coalesce(pg_catalog.pg_last_wal_replay_lsn(), pg_catalog.pg_last_wal_receive_lsn(), '0/0'::pg_lsn)
                  ELSE pg_catalog.pg_current_wal_lsn() END - '0/0'::pg_lsn)::bigint::text AS lsn`,
  );
  return String(r.rows[0].lsn);
}

/** True when both identities are one database of one cluster. */
export function sameDatabase(a: SourceIdentity, b: SourceIdentity): boolean {
  if (a.database !== b.database) return false;
  if (a.systemIdentifier && b.systemIdentifier) return a.systemIdentifier === b.systemIdentifier;
  // Fallback: same port and (over TCP) same server address; two sockets on one port of one host
  // are one server.
  if (a.port !== b.port) return false;
  return a.serverAddr === b.serverAddr || a.serverAddr === null || b.serverAddr === null;
}

export class DetectionLoopError extends Error {}

/** Refuses writing findings into the audited database unless the findings table is excluded from scanning. */
export function assertNoDetectionLoop(config: ChannelConfig, audited: SourceIdentity, channel: SourceIdentity): void {
  if (!sameDatabase(audited, channel) || findingsTableExcluded(config)) return;
  throw new DetectionLoopError(
    `${config.file}: the channel (${describeChannel(config)}) is the database being audited (${audited.database}); ` +
    `writing findings there would scan them again (a detection loop). Point it at another database, ` +
    `or add [scan] exclude_tables = ["${config.schema}.${config.table}"] to exclude the findings table from scanning`,
  );
}
