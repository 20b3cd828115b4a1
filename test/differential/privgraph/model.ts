// The tool's side of the privilege-graph differential suite: the facts as the runner reads them
// (compiled queries of dist/catalog, wrapped and bound as the runner does, the core derivers),
// and the verdicts of the checks that read them, from a real audit of the case's database.
import pg from 'pg';
import { compilePack, type CompiledPack } from '../../../src/core/pack.ts';
import { bindFacts, deriveFact, factScript, factsNeeded, type FactValue } from '../../../src/core/facts/model.ts';
import { FACT_CAPS, parseEvidence, wrapSelect } from '../../../src/core/evidence-limits.ts';
import { fromVersionNum } from '../../../src/core/version.ts';
import { auditWithNode } from '../../../src/runtime/node.ts';
import type { DiskPack } from '../../../src/session/node-pack.ts';
import type { Report } from '../../../src/core/report.ts';

export interface GraphRow { oid: number; rolname: string; rolcanlogin: boolean; rolsuper: boolean; kind: string; target: string; hops: number; chain: string }

/** Reads the named facts (and those they read) as the runner does; returns every fact's rows. */
export async function readFactRows(client: pg.Client, compiled: CompiledPack, ids: string[]): Promise<Map<string, Record<string, unknown>[]>> {
  const versionNum = Number((await client.query(`SELECT current_setting('server_version_num') AS v`)).rows[0].v);
  const server = fromVersionNum(versionNum);
  const wanted = factsNeeded(ids, compiled.facts);
  const values = new Map<string, FactValue>();
  for (const fact of compiled.facts.values()) {
    if (!wanted.has(fact.id)) continue;
    const script = factScript(fact, server);
    if (!script) throw new Error(`fact ${fact.id}: no query for ${versionNum}`);
    const sql = bindFacts(compiled.files[script], values);
    const row = (await client.query(wrapSelect(sql, FACT_CAPS))).rows[0];
    const parsed = parseEvidence(row.sec_check_rows);
    if (!parsed.ok) throw new Error(`fact ${fact.id}: ${parsed.error}`);
    const deps = new Map(fact.facts.map((d) => [d, (values.get(d) as { rows: Record<string, unknown>[] }).rows]));
    const rows = deriveFact(fact, parsed.value as Record<string, unknown>[], server, deps);
    values.set(fact.id, { ok: true, rows, json: JSON.stringify(rows) });
  }
  return new Map([...values].map(([id, v]) => [id, (v as { rows: Record<string, unknown>[] }).rows]));
}

/** The built-in pack cut down to the checks the suite compares (a whole audit per case is slow). */
export function checksOnly(pack: DiskPack, ids: string[]): CompiledPack {
  const compiled = compilePack(pack);
  const sections = compiled.sections
    .map((s) => ({ ...s, items: s.items.filter((i) => i.id !== null && ids.includes(i.id)) }))
    .filter((s) => s.items.length);
  return { ...compiled, sections };
}

export async function auditChecks(client: pg.Client, pack: DiskPack, compiled: CompiledPack): Promise<Report> {
  return auditWithNode(client, pack, { compiled });
}
