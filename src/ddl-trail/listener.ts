// The listener behind `sec-check listen`: forwards PostgreSQL notifications (LISTEN/NOTIFY
// channels) as JSON lines (stdout, or the stdin of a command per event). Notifications are
// lost while nobody listens, so a channel that has a table behind it gets a catch-up query:
// after every (re)connect, and on every notification, the listener reads the rows after the
// last one it forwarded. Rows are forwarded in order and at least once. For hash-chained rows
// (the DDL trail) it also checks that each row links to the one forwarded before it, and with
// --heads keeps the last id and hash in a file, so a tail deleted while it was away is
// reported. Channel sec_check (the default) carries one alert per stored run, caught up from
// sec_check.runs.
import { spawn } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { openConnection } from '../session/connect.ts';
import type { ConnectionTarget } from '../session/connection-target.ts';
import { UsageError } from '../session/errors.ts';
import type { Notifier } from './notifier.ts';
import { INPUT_CAPS, readOptionalInputText } from '../session/input-file.ts';
import { RUNS_CATCH_UP_SQL, RUNS_CHANNEL } from './run-notifications.ts';

/** How to catch up on a channel from the table behind it. Keys are numeric and increasing. */
export interface CatchUp {
  /** the newest key now: where a listener with no --heads and no --from-id starts */
  startSql: string;
  /** rows with key > $1, in key order, at most $2 of them */
  sql: string;
  key: string;
  /** a jsonb column whose object is the event (instead of the row's columns) */
  spread?: string;
  /** hash-chain columns: each row's prev must equal the hash of the row before */
  chain?: { prev: string; hash: string; hashOfKeySql: string };
}

/** Channel -> catch-up. Channels not listed are forwarded as their payload only. */
export const CATCH_UP: Record<string, CatchUp> = {
  [RUNS_CHANNEL]: {
    startSql: 'SELECT coalesce(max(id), 0) AS key FROM sec_check.runs',
    sql: RUNS_CATCH_UP_SQL,
    key: 'id',
    spread: 'notification',
  },
  sec_check_ddl: {
    startSql: 'SELECT coalesce(max(id), 0) AS key FROM sec_check.ddl_log',
    sql: `SELECT id, at, event, command_tag, object_type, object_identity, schema_name, in_extension,
                 session_user_name, current_user_name, host(client_addr) AS client_addr, client_port,
                 host(server_addr) AS server_addr, server_port, application_name, backend_pid,
                 transaction_id, database_name, statement, statement_truncated, prev_hash, row_hash
            FROM sec_check.ddl_log WHERE id > $1 ORDER BY id LIMIT $2`,
    key: 'id',
    chain: { prev: 'prev_hash', hash: 'row_hash', hashOfKeySql: 'SELECT row_hash AS hash FROM sec_check.ddl_log WHERE id = $1' },
  },
};

interface Heads { channel: string; last_key: number; last_hash: string | null; updated_at: string }

const BATCH = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Listener {
  private lastKey: number | null = null;
  private lastHash: string | null = null;
  private client: pg.Client | null = null;
  private stopped = false;
  private work: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;

  constructor(private channel: string, private catchUp: CatchUp | undefined, private config: ConnectionTarget,
    private exec: string | undefined, private headsFile: string | undefined, private notifier: Notifier | null = null) {}

  load(fromId: number | null): void {
    const text = this.headsFile ? readOptionalInputText(this.headsFile, INPUT_CAPS.state, `--heads ${this.headsFile}`) : null;
    if (this.headsFile && text !== null) {
      let heads: Heads;
      try {
        heads = JSON.parse(text);
      } catch (e) {
        throw new UsageError(`--heads ${this.headsFile}: not a heads file: ${(e as Error).message}`);
      }
      if (heads.channel !== this.channel || !Number.isSafeInteger(heads.last_key)) {
        throw new UsageError(`--heads ${this.headsFile}: field channel/last_key does not match channel ${this.channel}`);
      }
      this.lastKey = heads.last_key;
      this.lastHash = heads.last_hash;
    }
    if (fromId !== null) { this.lastKey = fromId; this.lastHash = null; }
  }

  stop(): void {
    this.stopped = true;
    this.client?.end().catch(() => {});
    this.wake?.();
  }

  async run(): Promise<void> {
    let backoff = 500;
    while (!this.stopped) {
      let client: pg.Client;
      try {
        client = await openConnection(this.config, { readOnly: true });
      } catch (e) {
        if (this.stopped) break;
        process.stderr.write(`sec-check listen: ${(e as Error).message}; retrying in ${backoff} ms\n`);
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 30_000);
        continue;
      }
      const closed = new Promise<string>((resolve) => {
        client.once('error', (e) => resolve(e.message));
        client.once('end', () => resolve('connection closed'));
      });
      try {
        this.client = client;
        client.on('notification', (msg) => {
          if (msg.channel !== this.channel) return;
          this.enqueue(() => (this.catchUp ? this.drain(client) : this.emit({ channel: this.channel, payload: parsePayload(msg.payload), pid: msg.processId }, `${this.channel}:notify:${randomUUID()}`)));
        });
        await client.query(`LISTEN "${this.channel.replace(/"/g, '""')}"`);
        if (this.catchUp) this.enqueue(() => this.resume(client));
        backoff = 500;
        process.stderr.write(`sec-check listen: listening on ${this.channel}\n`);
        const why = await Promise.race([closed, new Promise<string>((r) => { this.wake = () => r('stopped'); })]);
        if (this.stopped) break;
        process.stderr.write(`sec-check listen: ${why}; reconnecting\n`);
      } catch (e) {
        if (this.stopped) break;
        process.stderr.write(`sec-check listen: ${(e as Error).message}; retrying in ${backoff} ms\n`);
        client.end().catch(() => {});
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 30_000);
        continue;
      }
      client.end().catch(() => {});
      this.client = null;
      await this.work.catch(() => {});
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 30_000);
    }
    await this.work.catch(() => {});
  }

  /** Runs jobs one at a time, in arrival order; a failed job is reported, not fatal. */
  private enqueue(job: () => Promise<void>): void {
    this.work = this.work.then(job).catch((e) => {
      process.stderr.write(`sec-check listen: ${(e as Error).message}\n`);
    });
  }

  /** After a (re)connect: where to start, and whether the head we kept is still there. */
  private async resume(client: pg.Client): Promise<void> {
    const cu = this.catchUp!;
    if (this.lastKey === null) {
      const r = await client.query(cu.startSql);
      this.lastKey = Number(r.rows[0]?.key ?? 0);
      this.lastHash = null;
    } else if (cu.chain && this.lastHash && this.lastKey > 0) {
      const r = await client.query(cu.chain.hashOfKeySql, [this.lastKey]);
      if (r.rowCount === 0) {
        await this.alert('head_missing', `row ${this.lastKey}, the last one forwarded, is no longer in the table: its tail was deleted`);
      } else if (r.rows[0].hash !== this.lastHash) {
        await this.alert('head_changed', `row ${this.lastKey}, the last one forwarded, has another hash now: the chain was rewritten`);
      }
    }
    await this.drain(client);
  }

  /** Forwards every row after the last one forwarded. */
  private async drain(client: pg.Client): Promise<void> {
    const cu = this.catchUp!;
    for (;;) {
      const r = await client.query(cu.sql, [this.lastKey ?? 0, BATCH]);
      for (const row of r.rows) {
        const key = Number(row[cu.key]);
        if (cu.chain && this.lastHash !== null && row[cu.chain.prev] !== this.lastHash) {
          await this.alert('chain_break', `row ${key} does not link to row ${this.lastKey}, the last one forwarded: rows between them were deleted or changed`);
        }
        await this.emit(cu.spread ? { channel: this.channel, ...(row[cu.spread] as object) } : { channel: this.channel, ...row, [cu.key]: key }, `${this.channel}:${key}`);
        this.lastKey = key;
        if (cu.chain) this.lastHash = row[cu.chain.hash];
        this.saveHeads();
      }
      if (r.rows.length < BATCH) return;
    }
  }

  private async alert(kind: string, detail: string): Promise<void> {
    process.stderr.write(`sec-check listen: ALERT ${kind}: ${detail}\n`);
    await this.emit({ channel: this.channel, alert: kind, detail, last_key: this.lastKey }, `${this.channel}:alert:${kind}:${this.lastKey}`);
  }

  private saveHeads(): void {
    if (!this.headsFile || this.lastKey === null) return;
    const heads: Heads = { channel: this.channel, last_key: this.lastKey, last_hash: this.lastHash, updated_at: new Date().toISOString() };
    const tmp = `${this.headsFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(heads) + '\n', { mode: 0o600 });
    renameSync(tmp, this.headsFile);
  }

  /**
   * Forwards one event: queued for the notification sinks first (durably, so a crash after this
   * point resends it and a re-read row is not queued twice), then stdout or --exec.
   */
  private emit(event: object, id: string): Promise<void> {
    this.notifier?.enqueue(id, event as Record<string, unknown>);
    const line = JSON.stringify(event) + '\n';
    if (!this.exec) {
      process.stdout.write(line);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const child = spawn('sh', ['-c', this.exec!], { stdio: ['pipe', 'inherit', 'inherit'] });
      child.on('error', (e) => { process.stderr.write(`sec-check listen: --exec: ${e.message}\n`); resolve(); });
      child.on('close', (code) => {
        if (code !== 0) process.stderr.write(`sec-check listen: --exec exited with ${code} for: ${line}`);
        resolve();
      });
      child.stdin.on('error', () => {});
      child.stdin.end(line);
    });
  }
}

function parsePayload(payload: string | undefined): unknown {
  try {
    return JSON.parse(payload ?? '');
  } catch {
    return payload ?? '';
  }
}
