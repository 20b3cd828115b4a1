// Auditing one server: the step `sec-check run`, `fleet` and `agent` share. The caller has
// read and compiled the pack (before connecting) and opened the connections (connectServer);
// this runs the engine through the Node host, then, as the caller asks, posts the host checks
// (--store) and applies the server's waivers. What differs between the commands is said by
// options here, not by copies of the step.
import type pg from 'pg';
import type { CompiledPack } from '../core/pack.ts';
import type { CheckResult, Report } from '../core/report.ts';
import type { Profile } from '../core/vocabulary.ts';
import type { DiskPack } from './node-pack.ts';
import { auditWithNode } from '../runtime/node.ts';
import { ConnectionPool } from '../runtime/pool.ts';
import { extensionInstalled, openConnection, storeReport } from './connect.ts';
import type { ConnectionTarget } from './connection-target.ts';
import type { PackSource } from './pack-source.ts';
import { fetchActiveWaivers, markWaived, withoutWaived, type WaiverSource } from './waivers.ts';

/**
 * The audit's connections, all opened the same way (read-only, statement_timeout): the first
 * now, so a connection error stops at once; the others only when parallel checks need them.
 */
export async function connectServer(config: ConnectionTarget, statementTimeoutMs: number, size = 1): Promise<ConnectionPool> {
  const open = () => openConnection(config, { readOnly: true, statementTimeoutMs });
  return new ConnectionPool(open, Math.max(1, size), await open());
}

export interface AuditServerOptions {
  /** The pack as read from disk (its baseDir runs the shell executors) and where it came from. */
  source: { pack: DiskPack; provenance: PackSource['provenance'] };
  compiled: CompiledPack;
  /** How the client reached the server, for the report. */
  connection: { host: string; port: number; user: string };
  locale: string;
  groups?: string[] | null;
  profile?: Profile;
  /** Checks evaluated at once (default 1). */
  threads?: number;
  /** false: the server is on another host, its shell checks are Skipped (host_agent_required). */
  hostChecks?: boolean;
  debug?: (message: string) => void;
  /** Runs on the audit's first connection before any check (the findings channel's loop guard). */
  beforeAudit?: (client: pg.Client) => Promise<void>;
  /** Asked once the checks are done: true stops here (the caller gave up, e.g. a fleet timeout). */
  cancelled?: () => boolean;
  /**
   * Post the host checks through sec_check.record_run: 'required' fails (ConnectionError) where
   * sec_check is not installed, 'if-installed' says so in the outcome instead.
   */
  store?: 'required' | 'if-installed';
  /** Read sec_check.active_waivers: mark waived failing results in `report` and leave them
   *  out of `judged`. */
  waivers?: boolean;
}

export type StoreOutcome =
  | { state: 'stored'; id: number; count: number }
  | { state: 'nothing' }
  | { state: 'not_installed' };

export interface AuditedServer {
  report: Report;
  /** The report without waived failing results: what exit codes, scores and the channel use. */
  judged: Report;
  waived: CheckResult[];
  /** The waivers read (null when not asked for). */
  waivers: WaiverSource | null;
  stored: StoreOutcome | null;
}

export class AuditCancelled extends Error {}

export async function auditServer(connections: ConnectionPool, opts: AuditServerOptions): Promise<AuditedServer> {
  await opts.beforeAudit?.(await connections.any());
  const report = await auditWithNode(connections, opts.source.pack, {
    compiled: opts.compiled,
    groups: opts.groups ?? null,
    locale: opts.locale,
    profile: opts.profile,
    connection: opts.connection,
    provenance: opts.source.provenance,
    threads: opts.threads ?? 1,
    hostChecks: opts.hostChecks,
    debug: opts.debug,
  });
  if (opts.cancelled?.()) throw new AuditCancelled();
  const client = await connections.any();
  let stored: StoreOutcome | null = null;
  if (opts.store) {
    stored = await storeHostChecks(client, report, opts.store);
    if (stored.state === 'stored') report.run.id = stored.id;
  }
  if (!opts.waivers) return { report, judged: report, waived: [], waivers: null, stored };
  const waivers = await fetchActiveWaivers(client);
  // the report files show waived findings as waived; exit codes and scores leave them out
  const marked = markWaived(report, waivers.waivers);
  const { judged, waived } = withoutWaived(marked, waivers.waivers);
  return { report: marked, judged, waived, waivers, stored };
}

async function storeHostChecks(client: pg.Client, report: Report, mode: 'required' | 'if-installed'): Promise<StoreOutcome> {
  if (mode === 'if-installed' && !(await extensionInstalled(client))) return { state: 'not_installed' };
  const stored = await storeReport(client, report);
  return stored ? { state: 'stored', ...stored } : { state: 'nothing' };
}
