// `sec-check agent`: the host agent. Runs only the checks that need the host (shell
// executors) and posts them through sec_check.record_run, once or every DURATION, one JSON
// line per cycle on stdout. A post that fails stays pending (in memory, and in --spool FILE
// when given) and is retried before the next audit; each post carries a cycle id, checked
// in the same transaction, so a retry after a lost COMMIT reply never stores a run twice.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type pg from 'pg';
import { auditWithNode } from '../../runtime/node.ts';
import { compilePack, type CompiledPack } from '../../core/pack.ts';
import { CONNECTION_OPTIONS, connectionConfig, nonEmpty, parseLocale, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { openConnection, storeReport } from '../connect.ts';
import { loadPackSource } from '../pack-source.ts';
import { printSystemd } from '../systemd.ts';

/**
 * Why a server-side advisory lock and not a lock file: agents on two hosts (or in two
 * containers) posting to one server would not see each other's lock file, and a session
 * lock is released by the server when the agent dies, so a crash never leaves a stale lock.
 * Advisory locks are per database, which is where the agent posts. Executors may not take
 * advisory locks (side-effect scan); this is the agent's own control statement.
 */
const LOCK_SQL = `SELECT pg_catalog.pg_try_advisory_lock(pg_catalog.hashtext('sec_check.agent')) AS locked`;
const UNLOCK_SQL = `SELECT pg_catalog.pg_advisory_unlock(pg_catalog.hashtext('sec_check.agent'))`;

/** `30s`, `5m`, `1h`, `1d` (or a bare number of seconds) to milliseconds; at least 1 s. */
export function parseDuration(text: string, option = '--every'): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|min|h|d)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${option}: not a duration: ${JSON.stringify(text)} (for example 30s, 15m, 1h, 1d)`);
  const unit = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 's']!;
  const ms = Math.round(Number(m[1]) * unit);
  if (ms < 1000) throw new UsageError(`${option}: ${JSON.stringify(text)} is shorter than 1s`);
  return ms;
}

/** The pack reduced to the checks with a shell executor: the only ones the agent may post. */
export function hostChecksOnly(compiled: CompiledPack): CompiledPack {
  const sections = compiled.sections
    .map((s) => ({ ...s, items: s.items.filter((i) => i.executors.some((e) => e.kind === 'shell')) }))
    .filter((s) => s.items.length > 0);
  return { ...compiled, sections };
}

interface Pending { cycle: string; report: { run: Record<string, unknown>; results: { status?: string; executors?: { kind?: string; skipped?: string }[] }[] } }

function loadSpool(path: string | undefined): Pending[] {
  if (!path || !existsSync(path)) return [];
  try {
    const list = JSON.parse(readFileSync(path, 'utf8'));
    if (!Array.isArray(list)) throw new Error('not a JSON array');
    list.forEach((item, i) => {
      if (typeof item?.cycle !== 'string' || typeof item?.report !== 'object' || item.report === null) throw new Error(`item ${i + 1}: expected {cycle, report}`);
    });
    return list;
  } catch (e) {
    throw new UsageError(`--spool ${path}: cannot read the pending posts (${(e as Error).message}); move the file aside to start fresh`);
  }
}

function saveSpool(path: string | undefined, pending: Pending[]): void {
  if (!path) return;
  // whole file replaced at once: a crash mid-write leaves the previous list, never half of one
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(pending), { mode: 0o600 });
  renameSync(tmp, path);
}

/** Posts one pending cycle unless a run with its cycle id is already stored. */
async function post(client: pg.Client, item: Pending): Promise<{ id: number | null; count: number; duplicate: boolean }> {
  await client.query('SET default_transaction_read_only = off');
  await client.query('BEGIN');
  try {
    const seen = await client.query(`SELECT id FROM sec_check.runs WHERE origin = 'agent' AND report #>> '{run,agent_cycle}' = $1`, [item.cycle]);
    if (seen.rowCount) {
      await client.query('COMMIT');
      return { id: Number(seen.rows[0].id), count: 0, duplicate: true };
    }
    const stored = await storeReport(client, item.report);
    await client.query('COMMIT');
    return { id: stored?.id ?? null, count: stored?.count ?? 0, duplicate: false };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * The server refused the document itself (record_run's own exceptions, bad data): retrying
 * cannot help, so it leaves the queue — named in the cycle's log line, never silently.
 * Anything else (connection lost, permission missing) keeps it pending.
 */
function refusedByServer(e: unknown): boolean {
  const code = String((e as { cause?: { code?: string } })?.cause?.code ?? (e as { code?: string })?.code ?? '');
  return code === 'P0001' || code.startsWith('22');
}

function statusCounts(results: { status?: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) counts[r.status ?? 'unknown'] = (counts[r.status ?? 'unknown'] ?? 0) + 1;
  return counts;
}

export const agentCommand: Command = {
  name: 'agent',
  help: `sec-check agent (--once | --every DURATION | --print-systemd) [options]
  runs only the checks that need the host (shell executors) and posts them to the server's
  sec_check tables as origin agent (the role needs sec_check.grant_agent_access); one JSON
  line per cycle on stdout; SIGTERM stops it between cycles
  --host, --port, --user, --database   as for run (password only from PGPASSWORD or PGPASSFILE/~/.pgpass)
  --config FILE        pack config.json (default: the built-in catalog next to the CLI)
  --once               one cycle, then exit (exit 2 when it could not post)
  --every DURATION     a cycle every 30s, 15m, 1h, 1d...; a failed post is retried with backoff
  --spool FILE         keep posts not yet stored in FILE, so a restart does not lose them
  --locale CODE        message language (default en)
  --statement-timeout MS  per-statement limit (default 60000)
  --unsecure           run even when the built-in catalog (or the pack's manifest) does not match its checksums
  --print-systemd      print a systemd service (+ timer with --once semantics, or a long-running
                       service with --every) running as --os-user; see README "The host agent"
  --os-user NAME       systemd: the PostgreSQL OS account (default postgres)
  --pgdata DIR         systemd: the data directory, mounted read-only (default /var/lib/postgresql/data)
  --credential FILE    systemd: the pgpass file loaded with LoadCredential= (default /etc/sec-check/pgpass)`,
  options: {
    ...CONNECTION_OPTIONS,
    config: { type: 'string' },
    once: { type: 'boolean' },
    every: { type: 'string' },
    spool: { type: 'string' },
    locale: { type: 'string' },
    'statement-timeout': { type: 'string' },
    unsecure: { type: 'boolean' },
    'print-systemd': { type: 'boolean' },
    'os-user': { type: 'string' },
    pgdata: { type: 'string' },
    credential: { type: 'string' },
  },
  async run(values) {
    const every = values.every !== undefined ? parseDuration(String(values.every)) : null;
    if (values.once && every !== null) throw new UsageError('--once and --every: choose one');
    const config = nonEmpty(values.config, '--config');
    if (values['print-systemd']) {
      process.stdout.write(printSystemd({
        every: values.every as string | undefined,
        configPath: config !== undefined ? resolve(config) : null,
        connection: values as Record<string, string>,
        osUser: nonEmpty(values['os-user'], '--os-user') ?? 'postgres',
        pgdata: nonEmpty(values.pgdata, '--pgdata') ?? '/var/lib/postgresql/data',
        credential: nonEmpty(values.credential, '--credential') ?? '/etc/sec-check/pgpass',
      }));
      return 0;
    }
    if (!values.once && every === null) throw new UsageError('say how often: --once or --every DURATION (or --print-systemd)');
    const connection = connectionConfig(values as Record<string, string>);
    const locale = parseLocale(values.locale as string | undefined);
    const timeout = Number(values['statement-timeout'] ?? 60_000);
    if (!Number.isFinite(timeout) || timeout < 0) throw new UsageError(`--statement-timeout: not a number of milliseconds: ${values['statement-timeout']}`);
    const spool = values.spool !== undefined ? resolve(nonEmpty(values.spool, '--spool')!) : undefined;

    // The pack is read and checked before connecting, as for run: the built-in catalog by
    // default, its checksums enforced unless --unsecure.
    const source = loadPackSource(config, Boolean(values.unsecure), (line) => process.stderr.write(`${line}\n`));
    const pack = source.pack;
    const compiled = hostChecksOnly(compilePack(pack));
    if (compiled.sections.length === 0) throw new UsageError(`${config ?? 'the built-in catalog'}: the pack has no checks with shell executors; the agent has nothing to post`);
    const pending = loadSpool(spool);

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
      let client: pg.Client | null = null;
      try {
        client = await openConnection(connection, { readOnly: true, statementTimeoutMs: timeout });
        // a server restart kills the socket between statements: an error event must not crash the agent
        client.on('error', () => undefined);
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
            saveSpool(spool, pending);
          }
          const report = await auditWithNode(client, pack, { compiled, locale, connection: { host: connection.host, port: connection.port, user: connection.user }, provenance: source.provenance });
          const id = randomUUID();
          report.run = { ...report.run, agent_cycle: id } as typeof report.run;
          line.cycle = id;
          line.checks = report.results.length;
          line.counts = statusCounts(report.results);
          pending.push({ cycle: id, report: report as unknown as Pending['report'] });
          saveSpool(spool, pending);
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
          saveSpool(spool, pending);
        } finally {
          await client.query(UNLOCK_SQL).catch(() => undefined);
        }
        return { ok: true, line };
      } catch (e) {
        errors.push(String((e as Error)?.message ?? e).split('\n')[0]);
        return { ok: false, line };
      } finally {
        await client?.end().catch(() => undefined);
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
        if (values.once) { code = ok && (line.errors as string[]).length === 0 ? 0 : 2; break; }
        if (stopping) break;
        if (ok) {
          backoff = 1000;
          await sleep(Math.max(0, every! - (Date.now() - began)));
        } else {
          // server down or post refused: retry sooner than the next cycle, doubling up to it
          const wait = Math.min(backoff, every!);
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
    log({ event: 'stop', pending: pending.length, spool: spool ?? null, ...(pending.length && !spool ? { lost: pending.map((p) => p.cycle) } : {}) });
    return code;
  },
};
