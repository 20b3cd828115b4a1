// A small pool of audit connections for checks run in parallel (--pgclients). Every
// connection is opened by the same function (read-only, same statement_timeout). A connection
// that breaks fails only the statement it was running; it is dropped and a new one is opened
// for the next statement that needs it.
import type pg from 'pg';

export interface QueryTarget {
  /** Runs fn with a connection of its own for the duration of the call. */
  use<T>(fn: (client: pg.Client) => Promise<T>): Promise<T>;
}

/** A single connection as a QueryTarget (serial use). */
export function singleConnection(client: pg.Client): QueryTarget {
  return { use: (fn) => fn(client) };
}

/** Server error classes after which the session is gone: admin shutdown, connection failure. */
function breaksConnection(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code !== 'string' || code.startsWith('57P') || code.startsWith('08');
}

export class ConnectionPool implements QueryTarget {
  private readonly idle: pg.Client[] = [];
  private readonly broken = new WeakSet<pg.Client>();
  private readonly waiters: (() => void)[] = [];
  private readonly clients = new Set<pg.Client>();
  private opening = 0;
  /** Connections opened over the pool's life (the first included). */
  opened = 0;

  constructor(private readonly open: () => Promise<pg.Client>, readonly size: number, first?: pg.Client) {
    if (first) this.adopt(first);
  }

  private adopt(client: pg.Client): pg.Client {
    this.opened++;
    this.clients.add(client);
    // An idle connection that dies must not crash the process: it is marked and skipped.
    client.on('error', () => this.broken.add(client));
    client.on('end', () => this.broken.add(client));
    this.idle.push(client);
    return client;
  }

  private async acquire(): Promise<pg.Client> {
    for (;;) {
      while (this.idle.length) {
        const c = this.idle.pop()!;
        if (!this.broken.has(c)) return c;
        this.drop(c);
      }
      if (this.clients.size + this.opening < this.size) {
        this.opening++;
        try {
          const client = await this.open();
          this.opening--;
          this.adopt(client);
          this.idle.pop();
          return client;
        } catch (e) {
          this.opening--;
          this.wake();
          throw e;
        }
      }
      await new Promise<void>((resume) => this.waiters.push(resume));
    }
  }

  private drop(client: pg.Client): void {
    this.clients.delete(client);
    client.end().catch(() => undefined);
  }

  private wake(): void {
    this.waiters.shift()?.();
  }

  async use<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = await this.acquire();
    try {
      return await fn(client);
    } catch (e) {
      if (breaksConnection(e)) this.broken.add(client);
      throw e;
    } finally {
      if (this.broken.has(client)) this.drop(client);
      else this.idle.push(client);
      this.wake();
    }
  }

  /** A connection for session-level work after the audit (store, waivers): a live one. */
  async any(): Promise<pg.Client> {
    const client = await this.acquire();
    this.idle.push(client);
    return client;
  }

  async end(): Promise<void> {
    await Promise.all([...this.clients].map((c) => c.end().catch(() => undefined)));
    this.clients.clear();
    this.idle.length = 0;
  }
}
