// Facts: the effective state of the server that several checks judge, read once per run.
// A fact is a query (per server version, like an executor) whose rows an optional deriver in
// this core post-processes (parsing values as PostgreSQL does, for example); every check
// that names the fact gets the same rows — in its SQL executors as a CTE, in its Lua
// validators as `facts.<id>` — so no check keeps its own partial copy of the model.
//
// In a check's SQL the compiler turns `-- include: fact:<id>` into
//   <id> AS (SELECT * FROM jsonb_to_recordset(sec_check_fact('<id>')) AS sec_check_f(<columns>))
// and the runner replaces `sec_check_fact('<id>')` with the rows as a dollar-quoted jsonb
// literal before the executor is sent (one text, so every host runs it unchanged: the CLI's
// simple-protocol session and sec_check.safe_query alike). An executor the runner did not
// prepare fails loudly: no function sec_check_fact exists.
import type { Version } from '../version.ts';
import { inRange } from '../version.ts';
import { DERIVERS } from './derivers.ts';

export interface FactDef {
  id: string;
  description: string;
  /** Output columns, in order, as SQL types: the CTE a check includes declares them. */
  columns: [name: string, type: string][];
  executors: { script: string; min: Version | null; max: Version | null }[];
  /** Name of a deriver in DERIVERS, applied to the query's rows. */
  derive: string | null;
  /** Facts it reads, all earlier in the pack: read before it, bound into its SQL where it
   *  includes them (`-- include: fact:<id>`), given to its deriver (fact.json "facts"). */
  facts: string[];
}

/** What a fact came to in this run (also reported under run.facts). */
export type FactValue =
  | { ok: true; rows: Record<string, unknown>[]; json?: string }
  | { ok: false; error: string; sqlstate?: string; skipped?: 'version' };

export const FACT_ID_RE = /^[a-z][a-z0-9_]*$/;
/** Column names and types a fact may declare (plain identifiers, type names with arrays). */
export const FACT_COLUMN_RE = /^[a-z_][a-z0-9_]*$/;
export const FACT_TYPE_RE = /^[a-z][a-z0-9_ ]*(\(\d+(,\d+)?\))?(\[\])?$/;

/** The CTE text a check's `-- include: fact:<id>` becomes. */
export function factCte(fact: Pick<FactDef, 'id' | 'columns'>): string {
  const cols = fact.columns.map(([n, t]) => `${n} ${t}`).join(', ');
  return `${fact.id} AS (SELECT * FROM jsonb_to_recordset(sec_check_fact('${fact.id}')) AS sec_check_f(${cols}))\n`;
}

/** The fact's query for this server version, or null when none applies. */
export function factScript(fact: FactDef, server: Version): string | null {
  return fact.executors.find((e) => inRange(server, e.min, e.max))?.script ?? null;
}

/** Applies the fact's deriver (if any) to its rows. A deriver that throws makes the fact fail. */
export function deriveFact(fact: FactDef, rows: Record<string, unknown>[], server: Version, facts: Map<string, Record<string, unknown>[]> = new Map()): Record<string, unknown>[] {
  if (!fact.derive) return rows;
  const fn = DERIVERS[fact.derive];
  if (!fn) throw new Error(`fact ${fact.id}: unknown deriver ${JSON.stringify(fact.derive)}`);
  return fn(rows, { server, facts });
}

/** The facts a set of readers needs, in pack order: those named and every fact they read. */
export function factsNeeded(named: Iterable<string>, all: Map<string, FactDef>): Set<string> {
  const out = new Set<string>();
  const add = (id: string) => { if (out.has(id)) return; out.add(id); for (const d of all.get(id)?.facts ?? []) add(d); };
  for (const id of named) add(id);
  return out;
}

/** A dollar-quote tag that does not occur in the text. */
function dollarTag(text: string): string {
  for (let n = 0; ; n++) {
    const tag = n === 0 ? '$sec_check_fact$' : `$sec_check_fact${n}$`;
    if (!text.includes(tag)) return tag;
  }
}

/**
 * Puts the rows of the named facts into an executor's SQL in place of
 * `sec_check_fact('<id>')`. Identifiers are checked by the pack compiler; a marker naming a
 * fact that is not given is left as it is (the server then refuses the unknown function).
 */
export function bindFacts(sql: string, facts: Map<string, FactValue>): string {
  return sql.replace(/\bsec_check_fact\('([a-z][a-z0-9_]*)'\)/g, (marker, id: string) => {
    const value = facts.get(id);
    if (!value || !value.ok) return marker;
    // the text is made when a query first needs it (a fact only derivers read is never serialized)
    const json = (value.json ??= JSON.stringify(value.rows));
    const tag = dollarTag(json);
    return `${tag}${json}${tag}::jsonb`;
  });
}
