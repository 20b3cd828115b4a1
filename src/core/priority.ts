// What to fix first. One definition of a result's priority (status x severity, plus one
// severity step when the evidence shows the finding is reachable from remote addresses),
// used by the report JSON (`priority` on every result), the console list and the renderers.
// The SQL twin is sec_check.priority()/sec_check.result_exposure() (sql/096, sql/098); the
// table of cases in test/fixtures/priority-cases.json runs through both.
import type { CheckResult, ExecutorOutput } from './report.ts';
import type { Severity, Status } from './vocabulary.ts';

export type Exposure = 'remote' | 'local';

const STATUS_WEIGHT: Partial<Record<Status, number>> = { Error: 3, Failed: 2, Warning: 1 };
const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 5, high: 4, medium: 3, low: 2, info: 1 };
/** A pack that gives no severity is treated as medium. */
const NO_SEVERITY_WEIGHT = 3;

/** 0 = nothing to do (Success, Info, Skipped); higher = fix sooner; 18 at most. */
export function priorityOf(status: Status, severity: Severity | null | undefined, exposure: Exposure | null | undefined): number {
  const s = STATUS_WEIGHT[status] ?? 0;
  const v = (severity != null && SEVERITY_WEIGHT[severity]) || NO_SEVERITY_WEIGHT;
  return s * (v + (exposure === 'remote' ? 1 : 0));
}

/** remote when an SQL evidence row says exposure remote or addr_class private/anywhere,
 *  local when rows say only local/loopback, else null (unknown). */
export function exposureOf(executors: readonly ExecutorOutput[] | null | undefined): Exposure | null {
  let local = false;
  for (const e of executors ?? []) {
    if (e?.kind !== 'sql' || !Array.isArray(e.rows)) continue;
    for (const row of e.rows) {
      if (row === null || typeof row !== 'object' || Array.isArray(row)) continue;
      const exposure = (row as Record<string, unknown>).exposure;
      const addr = (row as Record<string, unknown>).addr_class;
      const values = [exposure === 'remote' || exposure === 'local' ? exposure : null, typeof addr === 'string' ? addr : null];
      for (const v of values) {
        if (v === 'remote' || v === 'private' || v === 'anywhere') return 'remote';
        if (v === 'local' || v === 'loopback') local = true;
      }
    }
  }
  return local ? 'local' : null;
}

/** The result's priority from its own fields. */
export function resultPriority(r: Pick<CheckResult, 'status' | 'severity' | 'executors'>): number {
  return priorityOf(r.status, r.severity, exposureOf(r.executors));
}

/** A result with `priority` set (the report JSON carries it on every result). */
export function withPriority<T extends CheckResult>(r: T): T {
  return { ...r, priority: resultPriority(r) };
}

/** Whether the result asks for action: Error, Failed or Warning. */
export const isActionable = (r: Pick<CheckResult, 'status'>): boolean => (STATUS_WEIGHT[r.status] ?? 0) > 0;

/** Fix-first order: priority, then the status's own weight (an Error before a Failed of the
 *  same priority), then report order (stable sort keeps it). */
export function byPriority(a: CheckResult, b: CheckResult): number {
  const pa = a.priority ?? resultPriority(a);
  const pb = b.priority ?? resultPriority(b);
  return pb - pa || (STATUS_WEIGHT[b.status] ?? 0) - (STATUS_WEIGHT[a.status] ?? 0);
}
