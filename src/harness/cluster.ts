// Throwaway PostgreSQL clusters: initdb into a temp dir, start with pg_ctl as the
// PostgreSQL OS user, talk to them with the `pg` client over the Unix socket, and tear
// them down without ever hanging (pljs swallows SIGTERM, so a polite fast shutdown can
// wait forever while a pljs session is connected).
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Client, ClientConfig } from 'pg';
import { alterSystemSql, confLine, type SettingValue } from './conf-format.js';
import { exec, execOk, serverEnv } from './exec.js';
import type { PgInstall } from './install.js';
import { pgRunUser } from './os-user.js';
import { killTree, pidAlive, trackLive, waitGone } from './process-reaper.js';

export interface ClusterOptions {
  settings?: Record<string, SettingValue>;
  /** full pg_hba.conf lines; default: local all all trust + host all all 127.0.0.1/32 trust */
  hba?: string[];
  sharedPreload?: string[];
  initdbArgs?: string[];
  /** default: a free one */
  port?: number;
  /** listen on 127.0.0.1 (default true); false = Unix socket only */
  listenTcp?: boolean;
  /** seconds a fast shutdown may take before escalating (default 10) */
  stopTimeoutSec?: number;
}

export interface Cluster {
  install: PgInstall;
  dataDir: string;
  socketDir: string;
  /** the server's log (pg_ctl -l) */
  logFile: string;
  port: number;
  versionNum: number;
  /** host = socketDir; defaults user 'postgres', database 'postgres' */
  clientConfig(user?: string, database?: string): ClientConfig;
  /** tracked: closed on stop()/restart() */
  connect(user?: string, database?: string): Promise<Client>;
  /** one-shot as postgres; rows of the (last) result */
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  /** ALTER SYSTEM SET ...; 'reload' returns once new sessions see the reloaded config */
  alterSystem(settings: Record<string, SettingValue>, how: 'reload' | 'restart'): Promise<void>;
  /** rewrite pg_hba.conf and reload; throws if PostgreSQL reports errors in the file */
  writeHba(lines: string[]): Promise<void>;
  restart(): Promise<void>;
  logTail(lines?: number): string;
  /** never hangs: ends clients, fast -> immediate -> SIGKILL, removes the temp dirs */
  stop(): Promise<void>;
}

export const DEFAULT_HBA = ['local all all trust', 'host all all 127.0.0.1/32 trust'];

/** SEC_CHECK_HARNESS_DEBUG=1 traces start/stop escalation on stderr. */
function debug(msg: string): void {
  if (process.env.SEC_CHECK_HARNESS_DEBUG) process.stderr.write(`[harness ${new Date().toISOString()}] ${msg}\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Start failures worth retrying on another port (a parallel process took ours). */
const PORT_CLASH = /could not bind|Address already in use|could not create lock file|could not create any TCP\/IP sockets/i;

class ClusterImpl implements Cluster {
  port: number;
  versionNum = 0;
  readonly dataDir: string;
  readonly socketDir: string;
  readonly logFile: string;
  private readonly clients = new Set<Client>();
  private stopping: Promise<void> | null = null;
  private untrack: () => void = () => {};

  constructor(
    readonly install: PgInstall,
    readonly baseDir: string,
    private readonly opts: ClusterOptions,
    port: number,
    private readonly portIsFixed: boolean,
  ) {
    this.dataDir = path.join(baseDir, 'data');
    this.socketDir = path.join(baseDir, 'sock');
    this.logFile = path.join(baseDir, 'server.log');
    this.port = port;
  }

  private bin(name: string): string {
    return path.join(this.install.bindir, name);
  }

  private pgCtl(args: string[], timeoutMs: number) {
    return exec(this.bin('pg_ctl'), ['-D', this.dataDir, ...args], {
      asPgUser: true,
      cwd: this.baseDir,
      env: serverEnv(),
      timeoutMs,
    });
  }

  postmasterPid(): number | null {
    try {
      const pid = Number(readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  }

  async init(): Promise<void> {
    this.untrack = trackLive(this);
    const runUser = pgRunUser();
    await fs.mkdir(this.socketDir, { mode: 0o700 });
    if (runUser) {
      await fs.chown(this.baseDir, runUser.uid, runUser.gid);
      await fs.chown(this.socketDir, runUser.uid, runUser.gid);
    }
    await execOk(
      this.bin('initdb'),
      ['-D', this.dataDir, '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--auth=trust', '-N', ...(this.opts.initdbArgs ?? [])],
      { asPgUser: true, cwd: this.baseDir, env: serverEnv(), timeoutMs: 120_000 },
    );
    await this.writeConf();
    await fs.writeFile(path.join(this.dataDir, 'pg_hba.conf'), hbaText(this.opts.hba ?? DEFAULT_HBA));
  }

  /** Harness lines are appended to postgresql.conf (last one wins; user settings after ours). */
  private async writeConf(): Promise<void> {
    const o = this.opts;
    const settings: Record<string, SettingValue> = { ...(o.settings ?? {}) };
    delete settings.port; // the port is this.port (see startCluster)
    const preload = [
      ...String(settings.shared_preload_libraries ?? '').split(','),
      ...(o.sharedPreload ?? []),
    ]
      .map((s) => s.trim())
      .filter((s, i, a) => s && a.indexOf(s) === i);
    delete settings.shared_preload_libraries;
    const lines = [
      '',
      '# --- added by the sec_check test harness ---',
      `port = ${this.port}`,
      confLine('listen_addresses', o.listenTcp === false ? '' : '127.0.0.1'),
      confLine('unix_socket_directories', this.socketDir),
      ...(preload.length ? [confLine('shared_preload_libraries', preload.join(','))] : []),
      ...Object.entries(settings).map(([k, v]) => confLine(k, v)),
      '',
    ];
    await fs.appendFile(path.join(this.dataDir, 'postgresql.conf'), lines.join('\n'));
  }

  private async setPortInConf(port: number): Promise<void> {
    const file = path.join(this.dataDir, 'postgresql.conf');
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, text.replace(/^port = \d+$/m, `port = ${port}`));
    this.port = port;
  }

  async startServer(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const logStart = await fs.stat(this.logFile).then((st) => st.size, () => 0);
      const r = await this.pgCtl(['-l', this.logFile, '-w', '-t', '60', 'start'], 90_000);
      if (r.code === 0) break;
      // only this attempt's part of the log (it accumulates over restarts)
      const log = await fs.readFile(this.logFile).then((b) => b.subarray(logStart).toString('utf8'), () => '');
      await this.stopServer(); // a half-started postmaster must not linger
      if (!this.portIsFixed && attempt < 5 && PORT_CLASH.test(log)) {
        await this.setPortInConf(await freePort());
        continue;
      }
      throw new Error(`pg_ctl start failed (${r.timedOut ? 'timeout' : `exit ${r.code}`}):\n${r.stdout}${r.stderr}\n--- server log ---\n${log}`);
    }
    const rows = await this.query<{ v: string }>('SELECT current_setting(\'server_version_num\') AS v');
    this.versionNum = Number(rows[0].v);
  }

  clientConfig(user = 'postgres', database = 'postgres'): ClientConfig {
    return { host: this.socketDir, port: this.port, user, database };
  }

  async connect(user = 'postgres', database = 'postgres'): Promise<Client> {
    if (this.stopping) throw new Error('cluster is stopped');
    const client = new pg.Client(this.clientConfig(user, database));
    // an idle client whose server goes away emits 'error'; unhandled it would crash the process
    client.on('error', () => {});
    await client.connect();
    this.clients.add(client);
    client.once('end', () => this.clients.delete(client));
    return client;
  }

  async query<T = any>(sql: string, params?: unknown[]): Promise<T[]> {
    const client = new pg.Client(this.clientConfig());
    client.on('error', () => {});
    await client.connect();
    try {
      const res: any = await client.query(sql, params as any[] | undefined);
      const last = Array.isArray(res) ? res[res.length - 1] : res;
      return (last?.rows ?? []) as T[];
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** Config load time as new backends see it (they inherit it from the postmaster). */
  private async confLoadTime(): Promise<string> {
    return (await this.query<{ t: string }>('SELECT pg_conf_load_time()::text AS t'))[0].t;
  }

  /** Wait until the postmaster has processed a SIGHUP sent after `before`. */
  private async waitReloaded(before: string, authFailureMeansDone = false): Promise<void> {
    const end = Date.now() + 10_000;
    for (;;) {
      try {
        const r = await this.query<{ done: boolean }>('SELECT pg_conf_load_time() > $1::timestamptz AS done', [before]);
        if (r[0].done) return;
      } catch (e) {
        // new pg_hba.conf may lock us out: that too proves it was loaded
        const code = (e as { code?: string }).code;
        if (authFailureMeansDone && (code === '28000' || code === '28P01')) return;
        if (Date.now() > end) throw e;
      }
      if (Date.now() > end) throw new Error('configuration reload was not observed within 10 s');
      await sleep(20);
    }
  }

  async alterSystem(settings: Record<string, SettingValue>, how: 'reload' | 'restart'): Promise<void> {
    const before = how === 'reload' ? await this.confLoadTime() : '';
    const client = await this.connect();
    try {
      for (const [k, v] of Object.entries(settings)) await client.query(alterSystemSql(k, v));
      if (how === 'reload') await client.query('SELECT pg_reload_conf()');
    } finally {
      await client.end().catch(() => {});
    }
    if (how === 'reload') await this.waitReloaded(before);
    else await this.restart();
  }

  async writeHba(lines: string[]): Promise<void> {
    const file = path.join(this.dataDir, 'pg_hba.conf');
    const previous = await fs.readFile(file, 'utf8');
    // writeFile on the existing file keeps its owner (the PostgreSQL OS user)
    await fs.writeFile(file, hbaText(lines));
    await this.reloadHba();
    const errors = await this.query<{ line_number: number; error: string }>(
      'SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL',
    ).catch(() => []);
    if (errors.length) {
      // PostgreSQL kept the old rules; put the old file back so later reloads stay sane
      await fs.writeFile(file, previous);
      await this.reloadHba();
      throw new Error(`pg_hba.conf rejected: ${errors.map((e) => `line ${e.line_number}: ${e.error}`).join('; ')}`);
    }
  }

  private async reloadHba(): Promise<void> {
    const before = await this.confLoadTime().catch(() => null);
    const pid = this.postmasterPid();
    if (!pid) throw new Error('postmaster is not running');
    process.kill(pid, 'SIGHUP'); // no SQL: works even when the new rules lock us out
    if (before) await this.waitReloaded(before, true);
    else await sleep(500); // cannot observe the reload (already locked out): give it a moment
  }

  async restart(): Promise<void> {
    if (this.stopping) throw new Error('cluster is stopped');
    await this.endClients();
    await this.stopServer();
    await this.startServer();
  }

  logTail(lines = 50): string {
    try {
      const all = readFileSync(this.logFile, 'utf8').split('\n');
      if (all[all.length - 1] === '') all.pop();
      return all.slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** Terminate messages end even pljs sessions (no signal involved); sockets are cut if that stalls. */
  private async endClients(): Promise<void> {
    await Promise.all(
      [...this.clients].map(async (c) => {
        const ended = await Promise.race([c.end().then(() => true, () => true), sleep(2000).then(() => false)]);
        if (!ended) (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      }),
    );
    this.clients.clear();
  }

  /** fast (bounded) -> immediate (bounded) -> SIGKILL of the process tree. */
  private async stopServer(): Promise<void> {
    const pid = this.postmasterPid();
    if (!pid || !pidAlive(pid)) return;
    const fastSec = this.opts.stopTimeoutSec ?? 10;
    debug(`pg_ctl stop -m fast (pid ${pid}, ${fastSec} s)`);
    const fast = await this.pgCtl(['-m', 'fast', '-w', '-t', String(fastSec), 'stop'], (fastSec + 5) * 1000);
    debug(`pg_ctl stop -m fast: exit ${fast.code} ${fast.stdout.trim()} ${fast.stderr.trim()}`);
    if (await waitGone(pid, 200)) return;
    debug(`fast shutdown timed out; pg_ctl stop -m immediate (pid ${pid})`);
    const imm = await this.pgCtl(['-m', 'immediate', '-w', '-t', '5', 'stop'], 8_000);
    debug(`pg_ctl stop -m immediate: exit ${imm.code} ${imm.stdout.trim()} ${imm.stderr.trim()}`);
    if (await waitGone(pid, 200)) return;
    const shm = this.sysvShmemId();
    debug(`immediate shutdown timed out; SIGKILL postmaster ${pid} and its children`);
    killTree(pid);
    await waitGone(pid, 5_000);
    // a SIGKILLed postmaster leaves its SysV segment behind; drop it (best effort)
    if (shm) await exec('ipcrm', ['-m', shm], { timeoutMs: 5_000 }).catch(() => {});
  }

  private sysvShmemId(): string | null {
    try {
      const line = readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[6] ?? '';
      return /^\s*\d+\s+(\d+)\s*$/.exec(line)?.[1] ?? null;
    } catch {
      return null;
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        debug(`stop: ending ${this.clients.size} tracked client(s)`);
        await this.endClients();
        await this.stopServer();
        debug('stop: server down');
      } finally {
        this.untrack();
        await fs.rm(this.baseDir, { recursive: true, force: true });
      }
    })();
    return this.stopping;
  }
}

function hbaText(lines: string[]): string {
  return ['# written by the sec_check test harness', ...lines, ''].join('\n');
}

export async function startCluster(install: PgInstall, opts: ClusterOptions = {}): Promise<Cluster> {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), `sec_check-pg${install.major}-`));
  await fs.chmod(base, 0o700);
  const fixed = opts.port ?? (opts.settings?.port !== undefined ? Number(opts.settings.port) : undefined);
  const c = new ClusterImpl(install, base, opts, fixed ?? (await freePort()), fixed !== undefined);
  try {
    await c.init();
    await c.startServer();
    return c;
  } catch (e) {
    await c.stop().catch(() => {});
    throw e;
  }
}
