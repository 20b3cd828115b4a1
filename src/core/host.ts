// The small slice of a host the engine needs. The core never calls a runtime directly:
// the runner yields these requests and a driver (sync in the database, async in Node)
// answers them through an adapter.
import type { DbRuntime } from './vocabulary.ts';

/** Run one SQL statement; rows come back as plain objects. */
export interface QueryRequest {
  kind: 'query';
  sql: string;
}

/** Run a shell executor. Only the Node host agent can; the database answers `unavailable`. */
export interface ShellRequest {
  kind: 'shell';
  script: string; // pack-relative path
  env: Record<string, string>;
}

/** Run these checks (each its own generator) and answer with their results in this order.
 *  The database runs them one after another; Node over a pool of connections. */
export interface ChecksRequest {
  kind: 'checks';
  jobs: (() => Work<unknown>)[];
}

export type HostRequest = QueryRequest | ShellRequest | ChecksRequest;

export type QueryAnswer =
  | { ok: true; rows: Record<string, unknown>[] }
  | { ok: false; error: string; sqlstate?: string };

export type ShellAnswer =
  | { ok: true; stdout: string; stderr: string; return_code: number }
  | { ok: false; unavailable: true }
  | { ok: false; unavailable?: false; error: string };

export type ChecksAnswer = { ok: true; results: unknown[] };

export type HostAnswer = QueryAnswer | ShellAnswer | ChecksAnswer;

/** Synchronous adapter: plv8 and pljs, where every query blocks. */
export interface SyncAdapter {
  runtime: DbRuntime;
  query(sql: string): Record<string, unknown>[];
}

/** Asynchronous adapter: Node with the pg client, plus the shell for host checks. */
export interface AsyncAdapter {
  runtime: 'node';
  /** How many checks may run at once (checks requests); 1 or absent: one after another. */
  threads?: number;
  query(sql: string): Promise<Record<string, unknown>[]>;
  shell(request: ShellRequest): Promise<ShellAnswer>;
}

export type Work<T> = Generator<HostRequest, T, HostAnswer>;

function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

/** The SQLSTATE of a server error (pg's `code`, or the database host's `sqlstate`), if any. */
function queryError(e: unknown): { ok: false; error: string; sqlstate?: string } {
  const o = e && typeof e === 'object' ? (e as { code?: unknown; sqlstate?: unknown }) : {};
  const state = typeof o.sqlstate === 'string' ? o.sqlstate : typeof o.code === 'string' ? o.code : undefined;
  return state && /^[0-9A-Z]{5}$/.test(state) ? { ok: false, error: errorText(e), sqlstate: state } : { ok: false, error: errorText(e) };
}

/** Drive a generator to completion inside the database. */
export function runSync<T>(work: Work<T>, adapter: SyncAdapter): T {
  let step = work.next(undefined as unknown as HostAnswer);
  while (!step.done) {
    const request = step.value;
    let answer: HostAnswer;
    if (request.kind === 'query') {
      try {
        answer = { ok: true, rows: adapter.query(request.sql) };
      } catch (e) {
        answer = queryError(e);
      }
    } else if (request.kind === 'checks') {
      answer = { ok: true, results: request.jobs.map((job) => runSync(job(), adapter)) };
    } else {
      answer = { ok: false, unavailable: true };
    }
    step = work.next(answer);
  }
  return step.value;
}

/** Drive a generator to completion from Node. */
export async function runAsync<T>(work: Work<T>, adapter: AsyncAdapter): Promise<T> {
  let step = work.next(undefined as unknown as HostAnswer);
  while (!step.done) {
    const request = step.value;
    let answer: HostAnswer;
    if (request.kind === 'query') {
      try {
        answer = { ok: true, rows: await adapter.query(request.sql) };
      } catch (e) {
        answer = queryError(e);
      }
    } else if (request.kind === 'checks') {
      answer = { ok: true, results: await runJobs(request.jobs, adapter) };
    } else {
      try {
        answer = await adapter.shell(request);
      } catch (e) {
        answer = { ok: false, error: errorText(e) };
      }
    }
    step = work.next(answer);
  }
  return step.value;
}

/** Runs the jobs with at most adapter.threads at a time; results in job order. */
async function runJobs(jobs: (() => Work<unknown>)[], adapter: AsyncAdapter): Promise<unknown[]> {
  const results: unknown[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await runAsync(jobs[i](), adapter);
    }
  };
  const threads = Math.max(1, Math.min(adapter.threads ?? 1, jobs.length));
  await Promise.all(Array.from({ length: threads }, worker));
  return results;
}
