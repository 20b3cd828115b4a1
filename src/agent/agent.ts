// The host agent (`sec-check agent`): runs only the checks that need the host (shell
// executors) and posts them through sec_check.record_run, once or every period, one JSON line
// per cycle on stdout. A post that fails stays pending (pending.ts) and is retried before the
// next audit; while one cannot be posted no new audit runs.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ConnectionTarget } from '../session/connection-target.ts';
import type { CompiledPack } from '../core/pack.ts';
import { ConnectionPool } from '../runtime/pool.ts';
import { auditServer } from '../session/audit-server.ts';
import { openConnection } from '../session/connect.ts';
import type { PackSource } from '../session/pack-source.ts';
import { loadSpool, post, refusedByServer, saveSpool, type Pending } from './pending.ts';

/**
 * Why a server-side advisory lock and not a lock file: agents on two hosts (or in two
 * containers) posting to one server would not see each other's lock file, and a session
 * lock is released by the server when the agent dies, so a crash never leaves a stale lock.
 * Advisory locks are per database, which is where the agent posts. Executors may not take
 * advisory locks (side-effect scan); this is the agent's own control statement.
 */
const LOCK_SQL = `SELECT pg_catalog.pg_try_advisory_lock(pg_catalog.hashtext('sec_check.agent')) AS locked`;
const UNLOCK_SQL = `SELECT pg_catalog.pg_advisory_unlock(pg_catalog.hashtext('sec_check.agent'))`;

/** The pack reduced to the checks with a shell executor: the only ones the agent may post. */
export function hostChecksOnly(compiled: CompiledPack): CompiledPack {
  const sections = compiled.sections
    .map((s) => ({ ...s, items: s.items.filter((i) => i.executors.some((e) => e.kind === 'shell')) }))
    .filter((s) => s.items.length > 0);
  return { ...compiled, sections };
}

export interface AgentOptions {
  connection: ConnectionTarget;
  statementTimeoutMs: number;
  locale: string;
  source: Pick<PackSource, 'pack' | 'provenance'>;
  /** the pack already reduced by hostChecksOnly */
  compiled: CompiledPack;
  /** null: one cycle (--once) */
  everyMs: number | null;
  spool: string | undefined;
}

function statusCounts(results: { status?: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) counts[r.status ?? 'unknown'] = (counts[r.status ?? 'unknown'] ?? 0) + 1;
  return counts;
}

/** Runs the agent until --once is done or SIGTERM/SIGINT; the exit code (2: --once could not post). */
export async function runAgent(o: AgentOptions): Promise<number> {
  const pending = loadSpool(o.spool);
  let stopping = false;
  let wake: (() => void) | null = null;
  const stop = () => { stopping = true; wake?.(); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const sleep = (ms: number) => new Promise<void>((done) => {
    const timer = setTimeout(() => { wake = null; done(); }, ms);
    wake = () => { clearTimeout(timer); wake = null; done(); };
  });
  const log = (line: Record<string, unknown>) => process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...line }) + '\n');

  /** One cycle: lock, post what is pending, audit the host checks, post them. */
  async function cycle(): Promise<{ ok: boolean; line: Record<string, unknown> }> {
    const started = Date.now();
    const errors: string[] = [];
    const line: Record<string, unknown> = { event: 'cycle', cycle: null, run_id: null, checks: 0, counts: {}, retried: [] };
    let connections: ConnectionPool | null = null;
    try {
      const open = () => openConnection(o.connection, { readOnly: true, statementTimeoutMs: o.statementTimeoutMs });
      const client = await open();
      // a server restart kills the socket between statements: an error event must not crash the agent
      client.on('error', () => undefined);
      // one connection for the lock, the posts and the audit: the lock is the session's
      connections = new ConnectionPool(open, 1, client);
      const locked = (await client.query(LOCK_SQL)).rows[0].locked;
      if (!locked) {
        line.skipped = 'another agent holds the lock on this database';
        return { ok: true, line };
      }
      try {
        while (pending.length) {
          const item = pending[0];
          try {
            const posted = await post(client, item);
            (line.retried as unknown[]).push({ cycle: item.cycle, run_id: posted.id, duplicate: posted.duplicate });
          } catch (e) {
            if (!refusedByServer(e)) throw e;
            ((line.rejected ??= []) as unknown[]).push({ cycle: item.cycle, error: String((e as Error).message).split('\n')[0] });
          }
          pending.shift();
          saveSpool(o.spool, pending);
        }
        const { report } = await auditServer(connections, {
          source: o.source,
          compiled: o.compiled,
          connection: { host: o.connection.host, port: o.connection.port, user: o.connection.user },
          locale: o.locale,
        });
        const id = randomUUID();
        report.run = { ...report.run, agent_cycle: id } as typeof report.run;
        line.cycle = id;
        line.checks = report.results.length;
        line.counts = statusCounts(report.results);
        pending.push({ cycle: id, report: report as unknown as Pending['report'] });
        saveSpool(o.spool, pending);
        try {
          const posted = await post(client, pending[pending.length - 1]);
          line.run_id = posted.id;
          line.posted = posted.count;
        } catch (e) {
          if (!refusedByServer(e)) throw e;
          line.rejected = [{ cycle: id, error: String((e as Error).message).split('\n')[0] }];
          errors.push(`the server refused the post: ${String((e as Error).message).split('\n')[0]}`);
        }
        pending.pop();
        saveSpool(o.spool, pending);
      } finally {
        await client.query(UNLOCK_SQL).catch(() => undefined);
      }
      return { ok: true, line };
    } catch (e) {
      errors.push(String((e as Error)?.message ?? e).split('\n')[0]);
      return { ok: false, line };
    } finally {
      await connections?.end().catch(() => undefined);
      line.duration_ms = Date.now() - started;
      line.pending = pending.length;
      line.errors = errors;
    }
  }

  let backoff = 1000;
  let code = 0;
  try {
    for (;;) {
      const began = Date.now();
      const { ok, line } = await cycle();
      log(line);
      if (o.everyMs === null) { code = ok && (line.errors as string[]).length === 0 ? 0 : 2; break; }
      if (stopping) break;
      if (ok) {
        backoff = 1000;
        await sleep(Math.max(0, o.everyMs - (Date.now() - began)));
      } else {
        // server down or post refused: retry sooner than the next cycle, doubling up to it
        const wait = Math.min(backoff, o.everyMs);
        backoff = Math.min(backoff * 2, 60_000);
        await sleep(wait);
      }
      if (stopping) break;
    }
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
  // never silent: what could not be posted is named on the way out
  log({ event: 'stop', pending: pending.length, spool: o.spool ?? null, ...(pending.length && !o.spool ? { lost: pending.map((p) => p.cycle) } : {}) });
  return code;
}
