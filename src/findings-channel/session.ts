// What a command does with a channel around one audit: before it, refuse a detection loop;
// after it, turn the report into findings and deliver them (spooling what cannot go now).
import type pg from 'pg';
import type { Report } from '../core/report.ts';
import { describeChannel } from './config.ts';
import { connectChannel, deliverFindings } from './deliver.ts';
import { findingsTableExcluded } from './config.ts';
import { databaseLabel, reportFindings } from './findings.ts';
import { assertNoDetectionLoop, DetectionLoopError, readIdentity, readLsn } from './identity.ts';
import type { ChannelConfig, DeliverResult, SourceIdentity } from './types.ts';

export interface AuditedPoint {
  identity: SourceIdentity;
  lsn: string;
  /** "host:port/database" as the channel stores it. */
  label: string;
}

/** Reads, on the audit's own connection, which database it is and its WAL position now. */
export async function auditedPoint(client: pg.Client, conn: { host: string; port: number; database: string }): Promise<AuditedPoint> {
  return { identity: await readIdentity(client), lsn: await readLsn(client), label: databaseLabel(conn.host, conn.port, conn.database) };
}

/**
 * Refuses (DetectionLoopError) when the channel is the audited database and the findings
 * table is not excluded from scanning. With the channel reachable the cluster identities
 * decide; when it is not, the configured host, port and database name do (and the delivery
 * checks again, batch by batch, once the channel answers).
 */
export async function guardDetectionLoop(config: ChannelConfig, audited: AuditedPoint, conn: { host: string; port: number; database: string }): Promise<void> {
  if (findingsTableExcluded(config)) return;
  let client: pg.Client | null = null;
  try {
    client = await connectChannel(config, 5_000);
  } catch {
    if (config.host === conn.host && config.port === conn.port && config.dbname === conn.database) {
      throw new DetectionLoopError(`${config.file}: the channel (${describeChannel(config)}) is the database being audited; add [scan] exclude_tables = ["${config.schema}.${config.table}"] or point it elsewhere`);
    }
    return;
  }
  try {
    assertNoDetectionLoop(config, audited.identity, await readIdentity(client));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The audited point read on the audit's connection, after refusing a detection loop. */
export async function guardedPoint(config: ChannelConfig, client: pg.Client, conn: { host: string; port: number; database: string }): Promise<AuditedPoint> {
  const point = await auditedPoint(client, conn);
  await guardDetectionLoop(config, point, conn);
  return point;
}

export async function deliverReport(config: ChannelConfig, report: Report, audited: AuditedPoint, spoolDir: string): Promise<DeliverResult> {
  const findings = reportFindings(report, { database: audited.label, lsn: audited.lsn });
  return deliverFindings(config, findings, { spoolDir, source: audited.identity });
}
