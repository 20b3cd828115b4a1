// The loop behind `sec-check listen`: LISTEN on one channel, hand each notification to a
// sink (a JSON line on stdout, or a command per notification), reconnect with backoff when
// the connection drops (server restart), and let the channel catch up on what was missed
// while disconnected (NOTIFY is not queued for absent listeners).
import { spawn } from 'node:child_process';
import pg from 'pg';

export interface ChannelHandler {
  /** Called after every (re)connect, before live notifications: what was missed. */
  catchUp(client: pg.Client, first: boolean): Promise<string[]>;
  /** A live payload as the line to deliver, or null to drop it (already delivered). */
  accept(payload: string): string | null;
}

export interface ListenOptions {
  config: pg.ClientConfig;
  channel: string;
  handler: ChannelHandler;
  /** shell command run once per notification, the JSON line on its stdin */
  exec?: string;
  log?: (msg: string) => void;
  /** resolves when listening should stop */
  stop: Promise<void>;
}

/** Delivers lines in order: to stdout, or to one `sh -c CMD` per line. */
function makeSink(exec: string | undefined, log: (m: string) => void): (line: string) => Promise<void> {
  if (!exec) return async (line) => { process.stdout.write(line + '\n'); };
  return (line) => new Promise<void>((done) => {
    const child = spawn('sh', ['-c', exec], { stdio: ['pipe', 'inherit', 'inherit'] });
    child.on('error', (e) => { log(`--exec failed to start: ${e.message}`); done(); });
    child.on('close', (code) => {
      if (code !== 0) log(`--exec exited with ${code} for: ${line.slice(0, 120)}`);
      done();
    });
    child.stdin.on('error', () => undefined); // a command that does not read its input
    child.stdin.end(line + '\n');
  });
}

export async function listenLoop(o: ListenOptions): Promise<void> {
  const log = o.log ?? ((m: string) => process.stderr.write(`sec-check listen: ${m}\n`));
  const sink = makeSink(o.exec, log);
  let queue = Promise.resolve();
  const deliver = (line: string) => { queue = queue.then(() => sink(line)); };
  let stopped = false;
  void o.stop.then(() => { stopped = true; });
  let first = true;
  let backoffMs = 500;

  while (!stopped) {
    const client = new pg.Client({ ...o.config, keepAlive: true });
    const closed = new Promise<string>((resolve) => {
      client.on('error', (e) => resolve(e.message));
      client.on('end', () => resolve('connection closed'));
    });
    try {
      await client.connect();
      // live notifications are held until the catch-up is delivered, to keep run order
      const held: string[] = [];
      let live = false;
      client.on('notification', (n) => {
        if (n.channel !== o.channel) return;
        if (!live) { held.push(n.payload ?? ''); return; }
        const line = o.handler.accept(n.payload ?? '');
        if (line != null) deliver(line);
      });
      await client.query(`LISTEN ${pg.escapeIdentifier(o.channel)}`);
      for (const line of await o.handler.catchUp(client, first)) deliver(line);
      live = true;
      for (const p of held) {
        const line = o.handler.accept(p);
        if (line != null) deliver(line);
      }
      if (!first) log(`reconnected, listening on ${o.channel}`);
      first = false;
      backoffMs = 500;
      const why = await Promise.race([closed, o.stop.then(() => 'stop')]);
      if (why !== 'stop') log(`${why}; reconnecting`);
    } catch (e) {
      log(`${(e as Error).message}; retrying in ${backoffMs} ms`);
      await Promise.race([new Promise((r) => setTimeout(r, backoffMs)), o.stop]);
      backoffMs = Math.min(backoffMs * 2, 30_000);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  await queue;
}
