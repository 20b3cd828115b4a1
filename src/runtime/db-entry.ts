// Entry of the in-database tools bundle: the body of sec_check.engine(jsonb), a SECURITY
// INVOKER function that runs in the caller's JavaScript context with the caller's
// privileges. It serves sec_check.pii_scan() (PII discovery) and sec_check.pgaudit_ingest()
// (parsing pgaudit log chunks). Audits do not run here: their engine is
// sec_check.engine_step (src/runtime/db-audit-entry.ts), in a context of its own.
// Evaluated once per session and cached on globalThis, keyed by build id.
import { runSync } from '../core/host.ts';
import { pljsAdapter } from './pljs.ts';
import { pgauditReadRequest, type PgauditReadRequest } from '../core/pgaudit/index.ts';
import { plv8Adapter } from './plv8.ts';
import { parsePiiOptions, piiScan, type PiiScanDocument } from '../core/pii/scan.ts';
import type { PiiBundle } from '../core/pii/rules.ts';
import piiRules from '../core/pii/rules.generated.json';

declare const __BUILD_ID__: string;

/** PII discovery for sec_check.pii_scan(): options as given to it (validated here). */
export interface PiiRequest {
  op: 'pii';
  options: unknown;
  build_id: string;
}

/** A request that cannot be served comes back as a value: pljs turns any thrown error into
 * a bare "execution error", so the calling SQL function raises this message itself. */
export interface EngineError { sec_check_error: string }

function handle(request: PiiRequest | PgauditReadRequest | { op: string }): PiiScanDocument | EngineError | ReturnType<typeof pgauditReadRequest> {
  try {
    if (request.op === 'pii') return piiRequest(request as PiiRequest);
    // sec_check.pgaudit_ingest(): one chunk of one log file parsed into audit_events rows
    if (request.op === 'pgaudit_read') return pgauditReadRequest(request as PgauditReadRequest);
    if (request.op === 'run') {
      return { sec_check_error: 'sec_check.engine does not run audits; SELECT * FROM sec_check.run() does (its engine runs in a context of its own)' };
    }
    return { sec_check_error: `sec_check.engine: unknown op ${JSON.stringify(request.op)}` };
  } catch (e) {
    return { sec_check_error: e instanceof Error ? e.message : String(e) };
  }
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
