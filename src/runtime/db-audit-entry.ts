// Entry of the in-database audit engine: the body of sec_check.engine_step(jsonb, text), a
// SECURITY DEFINER function owned by the role sec_check_engine. pljs and plv8 keep one
// JavaScript context per current user, so this code runs in a context of its own that
// nothing the caller can execute reaches (docs/architecture.md, "The audit engine's
// context"). It only computes: sec_check.run() (PL/pgSQL, the caller's privileges) drives
// it step by step — the engine answers each call with the next query, run() executes it
// read-only and calls again with the rows — so no executor, and nothing an executor calls,
// ever runs inside this context. The one SQL it runs itself reads the stored pack through
// sec_check.engine_pack (SECURITY DEFINER as the extension owner: no code of the caller).
import { audit } from '../core/runner.ts';
import { compilePack, type CompiledPack, type Pack } from '../core/pack.ts';
import type { HostAnswer, Work } from '../core/host.ts';
import type { Report } from '../core/report.ts';
import type { DbRuntime } from '../core/vocabulary.ts';
import { lockDown } from './db-lockdown.ts';

declare const __BUILD_ID__: string;
declare const __TOOL_VERSION__: string;
declare const pljs: LanguageGlobal | undefined;
declare const plv8: LanguageGlobal | undefined;

interface LanguageGlobal {
  execute(sql: string, params?: unknown[]): Record<string, unknown>[];
}

/** sec_check.run() starts a run: the pack by name (read here, hash-checked) and the options. */
export interface StartRequest {
  op: 'start';
  build_id: string;
  pack_name: string;
  groups: string[] | null;
  locale: string | null;
  deadline_ms: number | null;
}

/** The outcome of the query the previous step asked for; the rows JSON text comes as the
 *  second argument (a text parameter: no jsonb round trip of the evidence). */
export interface AnswerRequest {
  op: 'answer';
  token: string;
  ok: boolean;
  count?: number | string | null;
  bytes?: number | string | null;
  error?: string;
  sqlstate?: string;
}

/** Where the run is, for sec_check.run()'s message when a cancel stops it. */
export interface Progress { section: string; name: string; done: number; total: number }

export type StepResponse =
  | { token: string; q: string; at: Progress | null }
  | { report: Report }
  | { sec_check_error: string };

interface ActiveRun {
  token: string;
  work: Work<Report>;
  at: Progress | null;
  packVersion: string;
}

// Everything below lives in this closure: after lockDown() no code in the context can
// replace it, and nothing outside the context can reach it.
let active: ActiveRun | null = null;
let cachedPack: { version: string; compiled: CompiledPack } | null = null;
let tokenCounter = 0;

function language(): { runtime: DbRuntime; lang: LanguageGlobal } {
  if (typeof plv8 !== 'undefined') return { runtime: 'plv8', lang: plv8 };
  if (typeof pljs !== 'undefined') return { runtime: 'pljs', lang: pljs };
  throw new Error('sec_check: neither plv8 nor pljs is available in this context');
}

/** A new token per step: a step answered by anyone but the caller that got the token (code
 *  an executor called, say) makes sec_check.run()'s next step fail, so nothing is stored. */
function newToken(): string {
  tokenCounter++;
  return `${tokenCounter.toString(36)}.${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

/** The stored pack, compiled once per version of its row (sec_check.engine_pack checks the
 *  row's sha256 when it hands the pack over, and says when the version is unchanged). */
function loadPack(lang: LanguageGlobal, name: string): CompiledPack {
  const [row] = lang.execute('SELECT sec_check.engine_pack($1, $2) AS p', [name, cachedPack?.version ?? '']);
  const answer = row?.p as { version?: string; pack?: Pack; error?: string } | null | undefined;
  if (answer && typeof answer.error === 'string') throw new Error(answer.error);
  if (!answer || typeof answer.version !== 'string') throw new Error(`sec_check: check pack "${name}" could not be read`);
  if (answer.pack === undefined) {
    if (cachedPack && cachedPack.version === answer.version) return cachedPack.compiled;
    throw new Error(`sec_check: check pack "${name}" could not be read`);
  }
  // Validators were parsed when the pack entered the database (about 30 ms a script in
  // QuickJS); one that still fails to parse becomes Failed at run time.
  cachedPack = null;
  const compiled = compilePack(answer.pack, { compileLua: false });
  cachedPack = { version: answer.version, compiled };
  return compiled;
}

function advance(run: ActiveRun, answer: HostAnswer | undefined): StepResponse {
  let next = run.work.next(answer as HostAnswer);
  while (!next.done) {
    const request = next.value;
    if (request.kind === 'query') {
      run.token = newToken();
      return { token: run.token, q: request.sql, at: run.at };
    }
    // The database has no shell: such checks are Skipped (needs the host agent).
    if (request.kind === 'shell') next = run.work.next({ ok: false, unavailable: true });
    else throw new Error('sec_check: the in-database engine runs checks one after another');
  }
  active = null;
  // The pack row's version, for record_database_run's check that it did not change during
  // the run (it removes the field before storing).
  (next.value.run as unknown as Record<string, unknown>).pack_version = run.packVersion;
  return { report: next.value };
}

function start(request: StartRequest): StepResponse {
  if ('pack' in (request as object)) {
    throw new Error('sec_check.engine_step: inline packs are not accepted; load the pack with sec-check pack --upload and name it');
  }
  if (typeof request.pack_name !== 'string' || request.pack_name === '') throw new Error('sec_check.engine_step: pack_name is required');
  const { runtime, lang } = language();
  const compiled = loadPack(lang, request.pack_name);
  const run: ActiveRun = { token: '', work: undefined as unknown as Work<Report>, at: null, packVersion: cachedPack!.version };
  run.work = audit(compiled, {
    groups: request.groups,
    locale: request.locale || 'en',
    origin: 'database',
    runtime,
    toolVersion: __TOOL_VERSION__,
    buildId: __BUILD_ID__,
    deadlineMs: request.deadline_ms,
    onCheck: (p) => { run.at = p; },
  });
  // One run at a time in a session: a new start (even one made from inside a run) ends the
  // previous run, whose next step then fails.
  active = run;
  return advance(run, undefined);
}

function answer(request: AnswerRequest, data: string | null): StepResponse {
  const run = active;
  if (!run || typeof request.token !== 'string' || request.token !== run.token) {
    active = null;
    throw new Error('sec_check: this run was interrupted by another call of the engine in this session; nothing was recorded');
  }
  run.token = '';
  let result: HostAnswer;
  if (request.ok) {
    result = { ok: true, rows: [{ sec_check_count: request.count ?? null, sec_check_bytes: request.bytes ?? null, sec_check_rows: data }] };
  } else {
    const error = typeof request.error === 'string' ? request.error : 'no result';
    result = typeof request.sqlstate === 'string' ? { ok: false, error, sqlstate: request.sqlstate } : { ok: false, error };
  }
  return advance(run, result);
}

function step(request: StartRequest | AnswerRequest, data: string | null, wrapperBuild: string): StepResponse {
  try {
    if (wrapperBuild !== __BUILD_ID__ || (request.op === 'start' && request.build_id !== __BUILD_ID__)) {
      throw new Error(`sec_check: this session runs engine build ${__BUILD_ID__} but the installed extension is build ${request.op === 'start' ? request.build_id : wrapperBuild}; reconnect to load the new code`);
    }
    if (request.op === 'start') return start(request);
    if (request.op === 'answer') return answer(request, data);
    throw new Error('sec_check.engine_step: unknown request');
  } catch (e) {
    active = null;
    // pljs turns a thrown error into a bare "execution error": the message travels as a value.
    return { sec_check_error: e instanceof Error ? e.message : String(e) };
  }
}

const engine = Object.freeze({ buildId: __BUILD_ID__, step });
Object.defineProperty(globalThis, '__sec_check_audit', { value: engine, writable: false, enumerable: false, configurable: false });
lockDown();
