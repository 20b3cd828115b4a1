// One server of a fleet: its own read-only connection, the whole audit under a time limit,
// the same engine path as `sec-check run` (auditWithNode with the compiled pack), waivers,
// optional --store into its own sec_check tables, and the channel delivery.
import type pg from 'pg';
import { auditWithNode } from '../runtime/node.ts';
import type { CompiledPack } from '../core/pack.ts';
import type { Report } from '../core/report.ts';
import type { DiskPack } from '../runtime/node-pack.ts';
import { ConnectionPool } from '../runtime/pool.ts';
import { ConnectionError, openConnection, storeReport } from '../cli/connect.ts';
import { fetchActiveWaivers, withoutWaived } from '../cli/waivers.ts';
import { auditedPoint, deliverReport, guardDetectionLoop } from '../channel/session.ts';
import { DetectionLoopError } from '../channel/identity.ts';
import type { ChannelConfig, DeliverResult } from '../channel/types.ts';
import type { InventoryServer } from './inventory.ts';

export type ServerStatus = 'audited' | 'unreachable' | 'timeout' | 'refused' | 'error';

export interface ServerOutcome {
  server: InventoryServer;
  status: ServerStatus;
  error: string | null;
  duration_ms: number;
  report: Report | null;
  /** The report without waived findings: what scores, worst findings and the channel use. */
  judged: Report | null;
  stored: { run_id: number | null; note: string } | null;
  delivery: DeliverResult | null;
}

export interface FleetContext {
  pack: DiskPack;
  compiled: CompiledPack;
  provenance: { pack: { name: string; sha256: string | null }; integrity: 'verified' | 'unverified' };
  locale: string;
  statementTimeoutMs: number;
  timeoutMs: number;
  store: boolean;
  channel: ChannelConfig | null;
  spoolDir: string | null;
  /** Serializes the channel deliveries of parallel servers (one spool, one writer at a time). */
  serializeDelivery: <T>(fn: () => Promise<T>) => Promise<T>;
}

class TimeoutError extends Error {}

/** An error as one line with the server's password (if any) masked. */
function clean(e: unknown, password: string | undefined): string {
  let text = String((e as Error)?.message ?? e).replace(/\s*\n\s*/g, ' ');
  if (password) text = text.split(password).join('***');
  return text;
}

export async function auditServer(server: InventoryServer, ctx: FleetContext): Promise<ServerOutcome> {
  const t0 = performance.now();
  const outcome: ServerOutcome = { server, status: 'error', error: null, duration_ms: 0, report: null, judged: null, stored: null, delivery: null };
  const config = {
    host: server.host,
    port: server.port,
    user: server.user,
    database: server.database,
    password: server.password,
    application_name: 'sec-check fleet',
    // a second over the server's limit: a server that accepts and never answers is a timeout
    connectionTimeoutMillis: Math.min(15_000, ctx.timeoutMs + 1000),
  };
  let pool: ConnectionPool | null = null;
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const work = (async () => {
    const first = await openConnection(config as pg.ClientConfig, { readOnly: true, statementTimeoutMs: ctx.statementTimeoutMs });
    if (timedOut) { await first.end().catch(() => undefined); throw new TimeoutError(); }
    pool = new ConnectionPool(() => openConnection(config as pg.ClientConfig, { readOnly: true, statementTimeoutMs: ctx.statementTimeoutMs }), 1, first);
    const point = ctx.channel ? await auditedPoint(first, config) : null;
    if (ctx.channel && point) await guardDetectionLoop(ctx.channel, point, config);
    const report = await auditWithNode(pool, ctx.pack, {
      compiled: ctx.compiled,
      groups: server.groups,
      locale: ctx.locale,
      connection: { host: server.host, port: server.port, user: server.user },
      provenance: ctx.provenance,
      threads: 1,
      // a Unix socket means this host: its shell checks are about this server
      hostChecks: server.host.startsWith('/'),
    });
    if (timedOut) throw new TimeoutError();
    const client = await pool.any();
    if (ctx.store) {
      const installed = await client.query(`SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'sec_check'`);
      if (installed.rowCount === 0) outcome.stored = { run_id: null, note: 'sec_check is not installed in this database' };
      else {
        const stored = await storeReport(client, report);
        if (stored) report.run.id = stored.id;
        outcome.stored = stored ? { run_id: stored.id, note: `${stored.count} host checks stored` } : { run_id: null, note: 'no host checks to store' };
      }
    }
    const waivers = await fetchActiveWaivers(client);
    const { judged } = withoutWaived(report, waivers.waivers);
    outcome.report = report;
    outcome.judged = judged;
    if (ctx.channel && point) {
      const channel = ctx.channel;
      outcome.delivery = await ctx.serializeDelivery(() => deliverReport(channel, judged, point, ctx.spoolDir!));
    }
  })();
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => { timedOut = true; reject(new TimeoutError()); }, ctx.timeoutMs);
  });
  try {
    await Promise.race([work, limit]);
    outcome.status = 'audited';
  } catch (e) {
    if (e instanceof TimeoutError || timedOut) {
      outcome.status = 'timeout';
      outcome.error = `not finished within ${ctx.timeoutMs} ms`;
    } else if (e instanceof ConnectionError && /^cannot connect/.test(e.message)) {
      outcome.status = 'unreachable';
      outcome.error = clean(e, server.password);
    } else if (e instanceof DetectionLoopError) {
      outcome.status = 'refused';
      outcome.error = clean(e, server.password);
    } else {
      outcome.status = 'error';
      outcome.error = clean(e, server.password);
    }
    outcome.report = outcome.status === 'timeout' ? null : outcome.report;
  } finally {
    clearTimeout(timer);
    // ends the connections; after a timeout this also stops the audit still running
    await (pool as ConnectionPool | null)?.end().catch(() => undefined);
    work.catch(() => undefined);
  }
  outcome.duration_ms = Math.round(performance.now() - t0);
  return outcome;
}
