// One server of a fleet: the session's auditServer (the step `sec-check run` takes too) on
// its own read-only connection, with waivers and the optional --store into its own sec_check
// tables, the channel delivery, and the whole of it under the server's time limit.
import type { CompiledPack } from '../core/pack.ts';
import type { Report } from '../core/report.ts';
import type { DiskPack } from '../session/node-pack.ts';
import { resolveConnection, type ConnectionTarget } from '../session/connection-target.ts';
import { ConnectionPool } from '../runtime/pool.ts';
import { ConnectionError } from '../session/connect.ts';
import { AuditCancelled, auditServer, connectServer } from '../session/audit-server.ts';
import { deliverReport, guardedPoint, type AuditedPoint } from '../findings-channel/session.ts';
import { DetectionLoopError } from '../findings-channel/identity.ts';
import type { ChannelConfig, DeliverResult } from '../findings-channel/types.ts';
import type { InventoryServer } from './inventory.ts';
import { maskSecrets } from '../session/secret-mask.ts';

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

/** An error as one line with the server's and the channel's passwords, and any password a URI or key=value shows, masked. */
function clean(e: unknown, password: string | undefined, channelPassword?: string): string {
  return maskSecrets(String((e as Error)?.message ?? e).replace(/\s*\n\s*/g, ' '), [password, channelPassword]);
}

export async function auditFleetServer(server: InventoryServer, ctx: FleetContext): Promise<ServerOutcome> {
  const t0 = performance.now();
  const outcome: ServerOutcome = { server, status: 'error', error: null, duration_ms: 0, report: null, judged: null, stored: null, delivery: null };
  let config: ConnectionTarget;
  try {
    // the inventory's values are the explicit ones; PGSSLMODE, ~/.pgpass and the rest apply as for run
    config = resolveConnection({ host: server.host, port: String(server.port), user: server.user, dbname: server.database }, {
      password: server.password,
      prompt: 'never', // many servers at once: nobody to ask
      fallbackApplicationName: 'sec-check fleet',
      // a second over the server's limit: a server that accepts and never answers is a timeout
      defaultConnectTimeoutMs: Math.min(15_000, ctx.timeoutMs + 1000),
      labels: { host: `${server.name}: host`, port: `${server.name}: port`, user: `${server.name}: user`, dbname: `${server.name}: database` },
    });
  } catch (e) {
    outcome.error = clean(e, server.password);
    outcome.duration_ms = Math.round(performance.now() - t0);
    return outcome;
  }
  let connections: ConnectionPool | null = null;
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const work = (async () => {
    const opened = await connectServer(config, ctx.statementTimeoutMs);
    if (timedOut) { await opened.end(); throw new TimeoutError(); }
    connections = opened;
    let point: AuditedPoint | null = null;
    const audited = await auditServer(opened, {
      source: { pack: ctx.pack, provenance: ctx.provenance },
      compiled: ctx.compiled,
      connection: { host: server.host, port: server.port, user: server.user },
      groups: server.groups,
      locale: ctx.locale,
      // a Unix socket means this host: its shell checks are about this server
      hostChecks: server.host.startsWith('/'),
      beforeAudit: ctx.channel ? async (client) => { point = await guardedPoint(ctx.channel!, client, config); } : undefined,
      cancelled: () => timedOut,
      store: ctx.store ? 'if-installed' : undefined,
      waivers: true,
    });
    const stored = audited.stored;
    if (stored) {
      outcome.stored = stored.state === 'not_installed' ? { run_id: null, note: 'sec_check is not installed in this database' }
        : stored.state === 'nothing' ? { run_id: null, note: 'no host checks to store' }
          : { run_id: stored.id, note: `${stored.count} host checks stored` };
    }
    outcome.report = audited.report;
    outcome.judged = audited.judged;
    const channel = ctx.channel;
    const at = point as AuditedPoint | null;
    if (channel && at) {
      outcome.delivery = await ctx.serializeDelivery(() => deliverReport(channel, audited.judged, at, ctx.spoolDir!));
    }
  })();
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => { timedOut = true; reject(new TimeoutError()); }, ctx.timeoutMs);
  });
  try {
    await Promise.race([work, limit]);
    outcome.status = 'audited';
  } catch (e) {
    if (e instanceof TimeoutError || e instanceof AuditCancelled || timedOut) {
      outcome.status = 'timeout';
      outcome.error = `not finished within ${ctx.timeoutMs} ms`;
    } else if (e instanceof ConnectionError && /^cannot connect/.test(e.message)) {
      outcome.status = 'unreachable';
      outcome.error = clean(e, server.password, ctx.channel?.password);
    } else if (e instanceof DetectionLoopError) {
      outcome.status = 'refused';
      outcome.error = clean(e, server.password, ctx.channel?.password);
    } else {
      outcome.status = 'error';
      outcome.error = clean(e, server.password, ctx.channel?.password);
    }
    outcome.report = outcome.status === 'timeout' ? null : outcome.report;
  } finally {
    clearTimeout(timer);
    // ends the connections; after a timeout this also stops the audit still running
    await (connections as ConnectionPool | null)?.end().catch(() => undefined);
    work.catch(() => undefined);
  }
  outcome.duration_ms = Math.round(performance.now() - t0);
  return outcome;
}
