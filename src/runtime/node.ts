// Node host: the pg client for SQL and bash for shell executors (the host agent role).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type pg from 'pg';
import { runAsync, type AsyncAdapter, type ShellAnswer, type ShellRequest } from '../core/host.ts';
import { audit, type AuditOptions } from '../core/runner.ts';
import { compilePack, type CompiledPack, type Pack } from '../core/pack.ts';
import type { Report } from '../core/report.ts';
import { MAX_SHELL_BYTES, shellCapMessage } from '../core/evidence-limits.ts';
import { TOOL_VERSION, BUILD_ID } from './tool-info.ts';
import { singleConnection, type QueryTarget } from './pool.ts';


export interface NodeHostOptions {
  baseDir?: string;
  shellTimeoutMs?: number;
  debug?: (message: string) => void;
}

function runShell(request: ShellRequest, opts: NodeHostOptions): Promise<ShellAnswer> {
  if (!opts.baseDir) return Promise.resolve({ ok: false, error: 'shell executors need a pack read from disk' });
  const script = resolve(opts.baseDir, request.script);
  const limit = opts.shellTimeoutMs ?? 60_000;
  return new Promise((done) => {
    const child = spawn('bash', [script], {
      cwd: opts.baseDir,
      env: { ...process.env, ...request.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: the cap and the time limit stop its children too
    });
    let timedOut = false;
    const stopGroup = () => {
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
    };
    const timer = setTimeout(() => { timedOut = true; stopGroup(); }, limit);
    // Bounded buffers: past the cap the script is stopped, nothing more is kept.
    const streams = { stdout: { parts: [] as Buffer[], length: 0 }, stderr: { parts: [] as Buffer[], length: 0 } };
    let overflow: 'stdout' | 'stderr' | null = null;
    const collect = (name: 'stdout' | 'stderr') => (b: Buffer) => {
      if (overflow) return;
      const s = streams[name];
      if (s.length + b.length > MAX_SHELL_BYTES) {
        overflow = name;
        stopGroup();
        return;
      }
      s.parts.push(b);
      s.length += b.length;
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));
    child.on('error', (e) => { clearTimeout(timer); done({ ok: false, error: `cannot run ${request.script}: ${e.message}` }); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return done({ ok: false, error: `${request.script} was stopped: time limit ${limit} ms` });
      if (overflow) return done({ ok: false, error: `${request.script}: ${shellCapMessage(overflow)}` });
      if (signal) return done({ ok: false, error: `${request.script} was stopped by ${signal} (time limit ${limit} ms)` });
      done({
        ok: true,
        stdout: Buffer.concat(streams.stdout.parts).toString('utf8'),
        stderr: Buffer.concat(streams.stderr.parts).toString('utf8'),
        return_code: code ?? -1,
      });
    });
  });
}

export function nodeAdapter(target: pg.Client | QueryTarget, opts: NodeHostOptions & { threads?: number; hostChecks?: boolean } = {}): AsyncAdapter {
  const connections = 'use' in target ? target : singleConnection(target);
  return {
    runtime: 'node',
    threads: opts.threads ?? 1,
    query: (sql) => connections.use(async (client) => {
      const t0 = performance.now();
      // A check may take a session-level advisory lock (when its pack allows it): the audit
      // session never keeps one past the query that took it. Sent with the query in one
      // round trip (simple protocol, two statements); an error stops both, as before.
      const results = await client.query(`${sql};\nSELECT pg_catalog.pg_advisory_unlock_all()`) as unknown as pg.QueryResult | pg.QueryResult[];
      const res = Array.isArray(results) ? results[0] : results;
      opts.debug?.(`query ${(performance.now() - t0).toFixed(1)} ms: ${sql.replace(/\s+/g, ' ').slice(0, 160)}`);
      return res.rows;
    }),
    // hostChecks false: the server is on another host, so a shell check here would judge the
    // wrong machine; it is Skipped (host_agent_required) as inside the database
    shell: (request) => (opts.hostChecks === false ? Promise.resolve({ ok: false, unavailable: true } as const) : runShell(request, opts)),
  };
}

export interface NodeAuditOptions extends Partial<Pick<AuditOptions, 'groups' | 'locale' | 'deadlineMs' | 'connection' | 'validatorBudget' | 'provenance' | 'profile' | 'givenFacts'>> {
  /** The pack already compiled by the caller (the CLI checks it before connecting). */
  compiled?: CompiledPack;
  baseDir?: string;
  shellTimeoutMs?: number;
  debug?: (message: string) => void;
  /** Checks run at once (--threads); their SQL goes through `client` (a pool for more than one connection). */
  threads?: number;
  /** false: shell executors are not run (the audited server is on another host). Default true. */
  hostChecks?: boolean;
}

/** Audit through a connected client; the pack's own baseDir (from loadPackFromConfig) is used for shell executors. */
export async function auditWithNode(client: pg.Client | QueryTarget, pack: Pack & { baseDir?: string }, opts: NodeAuditOptions = {}): Promise<Report> {
  const adapter = nodeAdapter(client, { baseDir: opts.baseDir ?? pack.baseDir, shellTimeoutMs: opts.shellTimeoutMs, debug: opts.debug, threads: opts.threads, hostChecks: opts.hostChecks });
  const compiled = opts.compiled ?? compilePack(pack);
  return runAsync(audit(compiled, {
    groups: opts.groups ?? null,
    locale: opts.locale ?? 'en',
    profile: opts.profile,
    origin: 'agent',
    runtime: 'node',
    toolVersion: TOOL_VERSION,
    buildId: BUILD_ID,
    connection: opts.connection,
    deadlineMs: opts.deadlineMs ?? null,
    validatorBudget: opts.validatorBudget,
    provenance: opts.provenance,
    givenFacts: opts.givenFacts,
    concurrent: true,
  }), adapter);
}
