// One small child-process helper: capture output, hard timeout, optional drop to the
// PostgreSQL run user. Every external command of the harness goes through it.
import { spawn } from 'node:child_process';
import { runUserSpawnOptions } from './os-user.js';

export interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** run as the PostgreSQL OS user (see os-user.ts) */
  asPgUser?: boolean;
  /** SIGKILL the child after this many ms (default: none) */
  timeoutMs?: number;
}

/** Environment for server binaries: PG* variables of the caller must not leak in. */
export function serverEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^PG/.test(k)) env[k] = v;
  env.LC_ALL = 'C';
  env.LANG = 'C';
  delete env.LANGUAGE;
  return { ...env, ...extra };
}

export function exec(cmd: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? '/',
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.asPgUser ? runUserSpawnOptions() : {}),
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, opts.timeoutMs);
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(new Error(`${cmd}: ${e.message}`));
    });
    // 'exit', not 'close': a daemon started by the child (pg_ctl start) could keep
    // inherited pipes open; pg_ctl redirects them, but never risk waiting forever.
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      // let already-buffered output drain
      setImmediate(() => resolve({ code, signal, stdout, stderr, timedOut }));
    });
  });
}

/** exec() that throws with the command's output when it does not exit 0. */
export async function execOk(cmd: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const r = await exec(cmd, args, opts);
  if (r.code !== 0) {
    const why = r.timedOut ? 'timed out' : r.signal ? `killed by ${r.signal}` : `exit code ${r.code}`;
    throw new Error(`${cmd} ${args.join(' ')}: ${why}\n${r.stdout}${r.stderr}`.trimEnd());
  }
  return r;
}
