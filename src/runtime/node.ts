// Node host: the pg client for SQL and bash for shell executors (the host agent role).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type pg from 'pg';
import { runAsync, type AsyncAdapter, type ShellAnswer, type ShellRequest } from '../core/host.ts';
import { audit, type AuditOptions } from '../core/runner.ts';
import { compilePack, type CompiledPack, type Pack } from '../core/pack.ts';
import type { Report } from '../core/report.ts';
import { TOOL_VERSION, BUILD_ID } from './tool-info.ts';

const OUTPUT_CAP = 1024 * 1024;

export interface NodeHostOptions {
  baseDir?: string;
  shellTimeoutMs?: number;
  debug?: (message: string) => void;
}

function runShell(request: ShellRequest, opts: NodeHostOptions): Promise<ShellAnswer> {
  if (!opts.baseDir) return Promise.resolve({ ok: false, error: 'shell executors need a pack read from disk' });
  const script = resolve(opts.baseDir, request.script);
  return new Promise((done) => {
    const child = spawn('bash', [script], {
      cwd: opts.baseDir,
      env: { ...process.env, ...request.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: opts.shellTimeoutMs ?? 60_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    child.stdout.on('data', (b: Buffer) => { if (outLen < OUTPUT_CAP) { out.push(b); outLen += b.length; } });
    child.stderr.on('data', (b: Buffer) => { if (errLen < OUTPUT_CAP) { err.push(b); errLen += b.length; } });
    child.on('error', (e) => done({ ok: false, error: `cannot run ${request.script}: ${e.message}` }));
    child.on('close', (code, signal) => {
      if (signal) return done({ ok: false, error: `${request.script} was stopped by ${signal} (time limit ${opts.shellTimeoutMs ?? 60_000} ms)` });
      done({
        ok: true,
        stdout: Buffer.concat(out).toString('utf8').slice(0, OUTPUT_CAP),
        stderr: Buffer.concat(err).toString('utf8').slice(0, OUTPUT_CAP),
        return_code: code ?? -1,
      });
    });
  });
}

export function nodeAdapter(client: pg.Client, opts: NodeHostOptions = {}): AsyncAdapter {
  return {
    runtime: 'node',
    async query(sql) {
      const t0 = performance.now();
      const res = await client.query(sql);
      // A check may take a session-level advisory lock (when its pack allows it): the audit
      // session never keeps one past the query that took it.
      await client.query('SELECT pg_catalog.pg_advisory_unlock_all()');
      opts.debug?.(`query ${(performance.now() - t0).toFixed(1)} ms: ${sql.replace(/\s+/g, ' ').slice(0, 160)}`);
      return res.rows;
    },
    shell: (request) => runShell(request, opts),
  };
}

export interface NodeAuditOptions extends Partial<Pick<AuditOptions, 'groups' | 'locale' | 'deadlineMs' | 'connection' | 'validatorBudget'>> {
  /** The pack already compiled by the caller (the CLI checks it before connecting). */
  compiled?: CompiledPack;
  baseDir?: string;
  shellTimeoutMs?: number;
  debug?: (message: string) => void;
}

/** Audit through a connected client; the pack's own baseDir (from loadPackFromConfig) is used for shell executors. */
export async function auditWithNode(client: pg.Client, pack: Pack & { baseDir?: string }, opts: NodeAuditOptions = {}): Promise<Report> {
  const adapter = nodeAdapter(client, { baseDir: opts.baseDir ?? pack.baseDir, shellTimeoutMs: opts.shellTimeoutMs, debug: opts.debug });
  const compiled = opts.compiled ?? compilePack(pack);
  return runAsync(audit(compiled, {
    groups: opts.groups ?? null,
    locale: opts.locale ?? 'en',
    origin: 'agent',
    runtime: 'node',
    toolVersion: TOOL_VERSION,
    buildId: BUILD_ID,
    connection: opts.connection,
    deadlineMs: opts.deadlineMs ?? null,
    validatorBudget: opts.validatorBudget,
  }), adapter);
}
