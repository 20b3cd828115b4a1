// The notification side of `sec-check listen`: every event the listener forwards is queued
// (durably, outbox.ts) for each sink of the --notify file, and a worker per sink delivers the
// queue in order: e-mail in batches (events that arrive within batch_wait go in one message),
// the webhook one POST per event. A failed send is retried with exponential backoff (1 s,
// 2 s, 4 s … up to max_backoff) and reported on stderr each time, and once more when it
// goes through; a send the receiver refuses for good is moved aside and reported, never
// retried. Stopping (SIGTERM) leaves the queue for the next start.
import type { NotifyConfig } from './notify-config.ts';
import { Outbox, type QueuedEvent } from './outbox.ts';
import { SendError, sendMail, sendWebhook } from './notify-send.ts';

interface Sink {
  name: 'email' | 'webhook';
  outbox: Outbox;
  batch: number;
  waitMs: number;
  send(events: QueuedEvent[]): Promise<void>;
  describe: string;
}

export class Notifier {
  private readonly sinks: Sink[] = [];
  private stopped = false;
  private wakers = new Map<string, () => void>();
  private workers: Promise<void>[] = [];

  constructor(private config: NotifyConfig, stateDir: string, private log: (line: string) => void, userAgent: string) {
    if (config.email) {
      const email = config.email;
      this.sinks.push({
        name: 'email', outbox: new Outbox(stateDir, 'email'), batch: email.maxEvents, waitMs: email.batchWaitMs,
        send: (events) => sendMail(email, events), describe: `${email.to.join(', ')} via ${email.host}:${email.port}`,
      });
    }
    if (config.webhook) {
      const hook = config.webhook;
      this.sinks.push({
        name: 'webhook', outbox: new Outbox(stateDir, 'webhook'), batch: 1, waitMs: 0,
        send: (events) => sendWebhook(hook, events[0], userAgent), describe: `webhook ${hook.url.origin}${hook.url.pathname}`,
      });
    }
  }

  /** Queues an event for every sink (no-op for a sink that has it queued or sent). Synchronous and durable. */
  enqueue(id: string, event: Record<string, unknown>): void {
    for (const sink of this.sinks) {
      if (sink.outbox.add(id, event)) this.wakers.get(sink.name)?.();
    }
  }

  start(): void {
    for (const sink of this.sinks) this.workers.push(this.work(sink));
  }

  /** Stops the workers after the send in progress (if any); the queue stays for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of this.wakers.values()) wake();
    await Promise.all(this.workers);
  }

  /** Waits for `ms`, or until woken (a new event, stop). */
  private pause(sink: Sink, ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === null ? null : setTimeout(done, ms);
      function done() { if (timer) clearTimeout(timer); resolve(); }
      this.wakers.set(sink.name, done);
    });
  }

  private async work(sink: Sink): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let batch = sink.outbox.list(sink.batch);
      if (batch.length === 0) { await this.pause(sink, null); continue; }
      if (failures === 0 && sink.waitMs > 0 && batch.length < sink.batch) {
        // a burst of DDL (a migration) becomes one message, not one per statement
        await sleepUnlessStopped(sink.waitMs, () => this.stopped);
        if (this.stopped) break;
        batch = sink.outbox.list(sink.batch);
      }
      const what = batch.length === 1 ? batch[0].id : `${batch.length} events (${batch[0].id} … ${batch[batch.length - 1].id})`;
      try {
        await sink.send(batch);
        sink.outbox.markSent(batch);
        this.log(`${sink.name}: sent ${what} to ${sink.describe}${failures ? ` after ${failures} failed attempt${failures > 1 ? 's' : ''}` : ''}`);
        failures = 0;
      } catch (e) {
        const err = e instanceof SendError ? e : new SendError(String((e as Error)?.message ?? e), false);
        if (err.permanent) {
          sink.outbox.markFailed(batch, err.message);
          this.log(`${sink.name}: ALERT delivery_refused: ${what} refused by ${sink.describe} (${err.message}); kept in the state directory, not retried`);
          failures = 0;
          continue;
        }
        failures++;
        const delay = Math.min(this.config.maxBackoffMs, 1000 * 2 ** Math.min(failures - 1, 20));
        this.log(`${sink.name}: could not send ${what} to ${sink.describe} (attempt ${failures}: ${err.message}); retrying in ${Math.round(delay / 1000)} s, ${sink.outbox.size} pending`);
        await sleepUnlessStopped(delay, () => this.stopped);
      }
    }
  }
}

async function sleepUnlessStopped(ms: number, stopped: () => boolean): Promise<void> {
  const step = 200;
  for (let waited = 0; waited < ms && !stopped(); waited += step) await new Promise((r) => setTimeout(r, Math.min(step, ms - waited)));
}
