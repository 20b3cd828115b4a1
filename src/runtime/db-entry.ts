// Entry of the in-database bundle. The install script's JS function evaluates the bundle
// once per session (it is cached on globalThis, keyed by build id) and calls handle().
import { runSync } from '../core/host.ts';
import { audit } from '../core/runner.ts';
import { compilePack, type Pack } from '../core/pack.ts';
import type { Report } from '../core/report.ts';
import { pljsAdapter } from './pljs.ts';
import { plv8Adapter } from './plv8.ts';

declare const __BUILD_ID__: string;
declare const __TOOL_VERSION__: string;

export interface RunRequest {
  op: 'run';
  pack: Pack;
  groups: string[] | null;
  locale: string | null;
  deadline_ms: number | null;
  /** The build id the SQL side was installed with; a mismatch means stale code in this session. */
  build_id: string;
}

/** A run that cannot start comes back as a value: pljs turns any thrown error into a bare
 * "execution error", so sec_check.run() raises this message itself. */
export interface EngineError { sec_check_error: string }

function handle(request: RunRequest): Report | EngineError {
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
  // Validators were parsed when the pack entered the database (about 30 ms a script in
  // QuickJS); one that still fails to parse becomes Failed at run time.
  const compiled = compilePack(request.pack, { compileLua: false });
  return runSync(audit(compiled, {
    groups: request.groups,
    locale: request.locale || 'en',
    origin: 'database',
    runtime: adapter.runtime,
    toolVersion: __TOOL_VERSION__,
    buildId: __BUILD_ID__,
    deadlineMs: request.deadline_ms,
  }), adapter);
}

(globalThis as Record<string, unknown>).__sec_check_engine = { buildId: __BUILD_ID__, handle };
