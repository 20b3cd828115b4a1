// Entry of the in-database bundle. The install script's JS function evaluates the bundle
// once per session (it is cached on globalThis, keyed by build id) and calls handle().
import { runSync } from '../core/host.ts';
import { audit } from '../core/runner.ts';
import { compilePack, type Pack } from '../core/pack.ts';
import type { Report } from '../core/report.ts';
import { pljsAdapter } from './pljs.ts';
import { pgauditReadRequest, type PgauditReadRequest } from '../core/pgaudit/index.ts';
import { plv8Adapter } from './plv8.ts';
import { parsePiiOptions, piiScan, type PiiScanDocument } from '../core/pii/scan.ts';
import type { PiiBundle } from '../core/pii/rules.ts';
import piiRules from '../core/pii/rules.generated.json';

declare const __BUILD_ID__: string;
declare const __TOOL_VERSION__: string;

/** Where the last run of this session got to: asked by sec_check.run() after a cancel. */
export interface ProgressRequest { op: 'progress' }

let progress: { section: string; name: string; done: number; total: number } | null = null;

export interface RunRequest {
  op: 'run';
  /** A stored pack, read through sec_check.pack_for_run (which checks its hash). Inline
   * packs are refused: the engine runs only what the extension owner loaded. */
  pack_name: string;
  groups: string[] | null;
  locale: string | null;
  deadline_ms: number | null;
  /** The build id the SQL side was installed with; a mismatch means stale code in this session. */
  build_id: string;
}

/** PII discovery for sec_check.pii_scan(): options as given to it (validated here). */
export interface PiiRequest {
  op: 'pii';
  options: unknown;
  build_id: string;
}

/** A run that cannot start comes back as a value: pljs turns any thrown error into a bare
 * "execution error", so sec_check.run() raises this message itself. */
export interface EngineError { sec_check_error: string }

function handle(request: RunRequest | ProgressRequest | PiiRequest | PgauditReadRequest): Report | PiiScanDocument | EngineError | { progress: typeof progress } | ReturnType<typeof pgauditReadRequest> {
  if (request.op === 'progress') return { progress };
  if (request.op === 'pii') {
    try {
      return piiRequest(request);
    } catch (e) {
      return { sec_check_error: e instanceof Error ? e.message : String(e) };
    }
  }
  // sec_check.pgaudit_ingest(): one chunk of one log file parsed into audit_events rows
  if (request.op === 'pgaudit_read') {
    try { return pgauditReadRequest(request); } catch (e) { return { sec_check_error: e instanceof Error ? e.message : String(e) }; }
  }
  progress = null;
  try {
    return runRequest(request);
  } catch (e) {
    return { sec_check_error: e instanceof Error ? e.message : String(e) };
  }
}

function runRequest(request: RunRequest): Report {
  const adapter = plv8Adapter() ?? pljsAdapter();
  if (!adapter) throw new Error('sec_check: neither plv8 nor pljs is available in this context');
  if (request.build_id !== __BUILD_ID__) {
    throw new Error(`sec_check: this session runs engine build ${__BUILD_ID__} but the installed extension is build ${request.build_id}; reconnect to load the new code`);
  }
  if ('pack' in (request as object)) {
    throw new Error('sec_check.engine: inline packs are not accepted; load the pack with sec-check pack --upload and name it');
  }
  if (typeof request.pack_name !== 'string' || request.pack_name === '') throw new Error('sec_check.engine: pack_name is required');
  const pack = adapter.loadPack(request.pack_name) as Pack;
  // Validators were parsed when the pack entered the database (about 30 ms a script in
  // QuickJS); one that still fails to parse becomes Failed at run time.
  const compiled = compilePack(pack, { compileLua: false });
  return runSync(audit(compiled, {
    groups: request.groups,
    locale: request.locale || 'en',
    origin: 'database',
    runtime: adapter.runtime,
    toolVersion: __TOOL_VERSION__,
    buildId: __BUILD_ID__,
    deadlineMs: request.deadline_ms,
    onCheck: (p) => { progress = p; },
  }), adapter);
}

function piiRequest(request: PiiRequest): PiiScanDocument {
  const adapter = plv8Adapter() ?? pljsAdapter();
  if (!adapter) throw new Error('sec_check: neither plv8 nor pljs is available in this context');
  if (request.build_id !== __BUILD_ID__) {
    throw new Error(`sec_check: this session runs engine build ${__BUILD_ID__} but the installed extension is build ${request.build_id}; reconnect to load the new code`);
  }
  const options = parsePiiOptions(request.options);
  return runSync(piiScan(piiRules as PiiBundle, options), adapter);
}

(globalThis as Record<string, unknown>).__sec_check_engine = { buildId: __BUILD_ID__, handle };
