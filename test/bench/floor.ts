// The SQL floor of an audit: every applicable SQL executor of a pack (and the facts they
// read, bound in as the engine binds them) run as they are, one after another on one
// session, nothing else. No engine can be faster; the benches compare against it.
import os from 'node:os';
import type pg from 'pg';
import type { CompiledPack } from '../../src/core/pack.ts';
import { fromVersionNum, inRange } from '../../src/core/version.ts';
import { bindFacts, deriveFact, factScript, type FactValue } from '../../src/core/facts/model.ts';

export interface Floor {
  /** ms per check, keyed `${section}/${id ?? name}` (SQL checks only) */
  perCheck: Map<string, number>;
  factsMs: number;
  executors: number;
  facts: number;
  totalMs: number;
}

export const checkKey = (section: string, id: string | null, name: string) => `${section}/${id ?? name}`;

export async function sqlFloor(client: pg.Client, compiled: CompiledPack, versionNum: number): Promise<Floor> {
  const server = fromVersionNum(versionNum);
  const values = new Map<string, FactValue>();
  let factsMs = 0;
  let facts = 0;
  const wanted = new Set(compiled.sections.flatMap((s) => s.items.flatMap((i) => i.facts)));
  // facts read facts: a fact comes after the facts it reads (pack order), as in the runner
  for (const fact of [...compiled.facts.values()].reverse()) if (wanted.has(fact.id)) for (const d of fact.facts) wanted.add(d);
  for (const fact of compiled.facts.values()) {
    const script = wanted.has(fact.id) ? factScript(fact, server) : null;
    if (!script) continue;
    const t = performance.now();
    const res = await client.query(fact.facts.length ? bindFacts(compiled.files[script], values) : compiled.files[script]);
    factsMs += performance.now() - t;
    facts++;
    const deps = new Map(fact.facts.map((d) => [d, (values.get(d) as { rows: Record<string, unknown>[] }).rows]));
    const rows = deriveFact(fact, res.rows, server, deps);
    values.set(fact.id, { ok: true, rows, json: JSON.stringify(rows) });
  }
  const perCheck = new Map<string, number>();
  let executors = 0;
  for (const section of compiled.sections) {
    for (const item of section.items) {
      const sql = item.executors.filter((e) => e.kind === 'sql' && inRange(server, e.min, e.max));
      if (sql.length === 0 || item.executors.some((e) => e.kind !== 'sql' && inRange(server, e.min, e.max))) continue;
      let ms = 0;
      for (const e of sql) {
        const text = item.facts.length ? bindFacts(compiled.files[e.script], values) : compiled.files[e.script];
        const t = performance.now();
        await client.query(text).catch(() => undefined);
        ms += performance.now() - t;
        executors++;
      }
      perCheck.set(checkKey(section.key, item.id, item.name), ms);
    }
  }
  const totalMs = factsMs + [...perCheck.values()].reduce((a, b) => a + b, 0);
  return { perCheck, factsMs, executors, facts, totalMs };
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** The machine, for the README's numbers. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${cpu} (${os.availableParallelism()} CPUs), load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`;
}
