// "Remote" clients for tests: a Linux network namespace the test creates, joined to the host by
// a veth pair. The host end gets 10.<a>.<b>.1/24 and fd00:<a>:<b>::1/64 (a server under test
// listens there and on loopback); the namespace end gets client addresses from the same
// networks. Connections go only to loopback or into this namespace, never to the host's own
// interface addresses (the project's network rule).
//
// A client in the test process reaches the server *from* a namespace address through a relay
// that runs inside the namespace: for each client address it listens on a Unix socket
// (`<dir>/<name>/.s.PGSQL.<port>`; a filesystem socket is reachable across network
// namespaces) and opens a TCP connection bound to that client address to the server's
// host-side address. A libpq-style client given `host: <dir>/<name>` therefore arrives at
// the server as that address; TLS passes through unchanged (the relay copies bytes).
//
// Needs root (ip netns, ip link). Without it `createNetns` throws a clear error: a test that
// needs remote clients fails instead of passing. `close()` (also run at process exit and on a
// signal) removes the namespace, the veth pair and the relay, whatever happened before.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Netns {
  name: string;
  /** the server's addresses on the veth's host side (listen on these) */
  hostV4: string;
  hostV6: string;
  /** client addresses inside the namespace */
  clientV4: string[];
  clientV6: string[];
  /** the networks as CIDR */
  netV4: string;
  netV6: string;
  /** connection `host` (a socket directory) that reaches `port` on the host side from `client` */
  via(client: string, port: number): string;
  /** starts (or restarts) the relays for `port`; call once the server listens */
  relay(port: number): Promise<void>;
  close(): void;
}

const live = new Set<() => void>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const all = () => { for (const f of [...live]) f(); };
  process.on('exit', all);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => { all(); process.exit(130); });
  }
}

function ip(args: string[], ns?: string): string {
  const argv = ns ? ['netns', 'exec', ns, 'ip', ...args] : args;
  return execFileSync('ip', argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const RELAY = `
// relay: unix socket per client address -> TCP from that address to the server
const net = require('node:net');
const fs = require('node:fs');
const [dir, port, ...pairs] = process.argv.slice(2);
let pending = pairs.length;
for (const pair of pairs) {
  const [name, local, target] = pair.split('|');
  const sock = dir + '/' + name + '/.s.PGSQL.' + port;
  try { fs.unlinkSync(sock); } catch {}
  const server = net.createServer((c) => {
    const s = net.connect({ host: target, port: Number(port), localAddress: local });
    c.pipe(s); s.pipe(c);
    const end = () => { c.destroy(); s.destroy(); };
    c.on('error', end); s.on('error', end); c.on('close', end); s.on('close', end);
  });
  server.listen(sock, () => {
    fs.chmodSync(sock, 0o777);
    if (--pending === 0) process.stdout.write('ready\\n');
  });
}
`;

let seq = 0;

/** Removes namespaces (and their veth pairs) this module made in processes that are gone. */
function sweepStale(): void {
  let list = '';
  try { list = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }); } catch { return; }
  for (const [, pid, n] of list.matchAll(/^sct(\d+)x(\d+)\b/gm)) {
    try { process.kill(Number(pid), 0); continue; } catch (e) { if ((e as NodeJS.ErrnoException).code === 'EPERM') continue; }
    try { execFileSync('ip', ['link', 'del', `sch${pid}x${n}`], { stdio: 'ignore' }); } catch { /* went with the namespace */ }
    try { execFileSync('ip', ['netns', 'del', `sct${pid}x${n}`], { stdio: 'ignore' }); } catch { /* already gone */ }
  }
}

/** Creates the namespace with `v4` IPv4 and `v6` IPv6 client addresses. Throws (clearly) without root. */
export function createNetns(opts: { v4?: number; v6?: number } = {}): Netns {
  const nV4 = opts.v4 ?? 2;
  const nV6 = opts.v6 ?? 2;
  if (process.getuid?.() !== 0) {
    throw new Error('this test needs root to create a network namespace (ip netns add) for its remote clients; run it as root (CI does)');
  }
  hookExit();
  // distinct per process and call, so helpers running at once do not collide
  const a = 16 + (process.pid % 200);
  const b = (seq * 37 + Math.floor(Math.random() * 200)) % 250 + 1;
  sweepStale();
  const tag = `${process.pid}x${seq++}`;
  const name = `sct${tag}`;
  const hostIf = `sch${tag}`; // at most 15 characters: 3 + 7-digit pid + x + seq
  const nsIf = `scn${tag}`;
  const hostV4 = `10.${a}.${b}.1`;
  const hostV6 = `fd00:${a}:${b}::1`;
  const clientV4 = Array.from({ length: nV4 }, (_, i) => `10.${a}.${b}.${i + 2}`);
  const clientV6 = Array.from({ length: nV6 }, (_, i) => `fd00:${a}:${b}::${(i + 2).toString(16)}`);
  const dir = mkdtempSync(path.join(process.env.TMPDIR || os.tmpdir(), 'netns-'));
  let relayProc: ChildProcess | null = null;
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    live.delete(close);
    if (relayProc && relayProc.exitCode === null) { try { relayProc.kill('SIGKILL'); } catch { /* gone */ } }
    try { execFileSync('ip', ['link', 'del', hostIf], { stdio: 'ignore' }); } catch { /* went with the namespace */ }
    try { execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' }); } catch { /* not created */ }
    rmSync(dir, { recursive: true, force: true });
  };
  live.add(close);
  try {
    ip(['netns', 'add', name]);
    ip(['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
    ip(['link', 'set', nsIf, 'netns', name]);
    ip(['addr', 'add', `${hostV4}/24`, 'dev', hostIf]);
    ip(['-6', 'addr', 'add', `${hostV6}/64`, 'dev', hostIf, 'nodad']);
    ip(['link', 'set', hostIf, 'up']);
    for (const c of clientV4) ip(['addr', 'add', `${c}/24`, 'dev', nsIf], name);
    for (const c of clientV6) ip(['-6', 'addr', 'add', `${c}/64`, 'dev', nsIf, 'nodad'], name);
    ip(['link', 'set', nsIf, 'up'], name);
    ip(['link', 'set', 'lo', 'up'], name);
  } catch (e) {
    close();
    const err = e as { stderr?: Buffer | string; message: string };
    throw new Error(`cannot create the test network namespace ${name}: ${String(err.stderr ?? err.message).trim()} (needs root and ip netns)`);
  }
  const clients = [...clientV4, ...clientV6];
  const slot = (client: string) => `c${clients.indexOf(client)}`;
  for (const c of clients) mkdirSync(path.join(dir, slot(c)));
  const relayFile = path.join(dir, 'relay.cjs');
  writeFileSync(relayFile, RELAY);

  return {
    name, hostV4, hostV6, clientV4, clientV6,
    netV4: `10.${a}.${b}.0/24`, netV6: `fd00:${a}:${b}::/64`,
    via(client: string, port: number) {
      if (!clients.includes(client)) throw new Error(`${client} is not a client address of ${name}`);
      void port;
      return path.join(dir, slot(client));
    },
    async relay(port: number) {
      if (relayProc && relayProc.exitCode === null) relayProc.kill('SIGKILL');
      const pairs = clients.map((c) => `${slot(c)}|${c}|${c.includes(':') ? hostV6 : hostV4}`);
      const child = spawn('ip', ['netns', 'exec', name, process.execPath, relayFile, dir, String(port), ...pairs], { stdio: ['ignore', 'pipe', 'inherit'] });
      relayProc = child;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the namespace relay did not start in 10 s')), 10_000);
        child.stdout!.once('data', () => { clearTimeout(timer); resolve(); });
        child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the namespace relay exited (${code})`)); });
      });
      for (const c of clients) {
        const sock = path.join(dir, slot(c), `.s.PGSQL.${port}`);
        if (!existsSync(sock)) throw new Error(`relay socket ${sock} missing`);
      }
    },
    close,
  };
}
