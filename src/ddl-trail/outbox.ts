// The durable queue of one notification sink (e-mail, webhook) of `sec-check listen`: an event
// is written here (temporary file, then rename) before the listener moves past its row, and
// leaves only when it was delivered (its id then goes to the sent log) or refused for good
// (moved to failed/, its id logged too). A restart therefore resends what was pending and
// nothing that was sent: an id in the sent log or the queue is never queued again.
import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { INPUT_CAPS, readInputText, readOptionalInputText } from '../session/input-file.ts';

export interface QueuedEvent {
  /** stable across restarts: channel and row key (or alert and key) */
  id: string;
  event: Record<string, unknown>;
  file: string;
}

const QUEUE_FILE = /^\d{12}-[0-9a-f]{12}\.json$/;

/** Ids remembered as sent; older ones are dropped when the log is compacted at start. */
const KEEP_SENT = 100_000;

export class Outbox {
  private readonly pendingDir: string;
  private readonly failedDir: string;
  private readonly sentLog: string;
  private readonly sent = new Set<string>();
  private readonly queued = new Set<string>();
  /** the queue in order (file names); bodies are read only for the batch being sent */
  private order: { id: string; file: string }[] = [];
  private seq = 0;

  constructor(stateDir: string, readonly sink: string) {
    const base = join(stateDir, sink);
    this.pendingDir = join(base, 'pending');
    this.failedDir = join(base, 'failed');
    this.sentLog = join(base, 'sent.log');
    mkdirSync(this.pendingDir, { recursive: true, mode: 0o700 });
    mkdirSync(this.failedDir, { recursive: true, mode: 0o700 });
    const text = readOptionalInputText(this.sentLog, INPUT_CAPS.document) ?? '';
    const ids = text.split('\n').filter(Boolean);
    for (const id of ids.slice(-KEEP_SENT)) this.sent.add(id);
    if (ids.length > KEEP_SENT * 2) {
      const tmp = `${this.sentLog}.tmp`;
      writeFileSync(tmp, ids.slice(-KEEP_SENT).join('\n') + '\n', { mode: 0o600 });
      renameSync(tmp, this.sentLog);
    }
    for (const file of readdirSync(this.pendingDir).filter((n) => QUEUE_FILE.test(n)).sort()) {
      const id = this.read(file).id;
      this.order.push({ id, file });
      this.queued.add(id);
      this.seq = Math.max(this.seq, Number(file.split('-')[0]) || 0);
    }
  }

  /** Queued or sent already (a row read again after a restart is not queued twice). */
  has(id: string): boolean {
    return this.sent.has(id) || this.queued.has(id);
  }

  add(id: string, event: Record<string, unknown>): boolean {
    if (this.has(id)) return false;
    const name = `${String(++this.seq).padStart(12, '0')}-${createHash('sha256').update(id).digest('hex').slice(0, 12)}.json`;
    const tmp = join(this.pendingDir, `.${name}.tmp`);
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeFileSync(fd, JSON.stringify({ id, event }));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.pendingDir, name));
    this.queued.add(id);
    this.order.push({ id, file: name });
    return true;
  }

  private read(file: string): { id: string; event: Record<string, unknown> } {
    const body = JSON.parse(readInputText(join(this.pendingDir, file), INPUT_CAPS.state)) as { id: unknown; event: Record<string, unknown> };
    return { id: String(body.id), event: body.event };
  }

  /** The first `limit` queued events, oldest first (a long backlog costs one file read per event sent). */
  list(limit = Number.MAX_SAFE_INTEGER): QueuedEvent[] {
    return this.order.slice(0, limit).map(({ file }) => ({ ...this.read(file), file }));
  }

  get size(): number {
    return this.queued.size;
  }

  /** Delivered: logged as sent (synced) before the queue files go. */
  markSent(events: QueuedEvent[]): void {
    this.log(events);
    for (const e of events) {
      rmSync(join(this.pendingDir, e.file), { force: true });
      this.queued.delete(e.id);
    }
    this.drop(events);
  }

  /** Refused for good (the receiver said the event itself is wrong): kept in failed/, never retried. */
  markFailed(events: QueuedEvent[], why: string): void {
    this.log(events);
    for (const e of events) {
      writeFileSync(join(this.failedDir, `${e.file}.why`), `${why}\n`, { mode: 0o600 });
      renameSync(join(this.pendingDir, e.file), join(this.failedDir, e.file));
      this.queued.delete(e.id);
    }
    this.drop(events);
  }

  private drop(events: QueuedEvent[]): void {
    const gone = new Set(events.map((e) => e.file));
    this.order = this.order.filter((q) => !gone.has(q.file));
  }

  private log(events: QueuedEvent[]): void {
    const fd = openSync(this.sentLog, 'a', 0o600);
    try {
      appendFileSync(fd, events.map((e) => `${e.id}\n`).join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    for (const e of events) this.sent.add(e.id);
  }
}
