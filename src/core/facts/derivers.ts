// Derivers: runtime-free post-processing of a fact's rows (checks/_facts/<id>/fact.json
// "derive"), for what SQL cannot say as PostgreSQL means it — a list setting parsed as the
// server parses it, say. One entry per name; the catalog compiler refuses unknown names.
import type { Version } from '../version.ts';
import { deriveDefinerFunctions } from '../privgraph/definer.ts';
import { derivePrivGraph } from '../privgraph/derive.ts';
import { derivePrivPaths, deriveRoleReach, deriveSuEquiv } from '../privgraph/views.ts';
import { deriveSettings, type RawRow } from '../settings/derive.ts';

export interface DeriveContext {
  server: Version;
  /** rows of the facts this fact reads (fact.json "facts" and the facts its SQL includes) */
  facts: Map<string, Record<string, unknown>[]>;
}

export type Deriver = (rows: Record<string, unknown>[], ctx: DeriveContext) => Record<string, unknown>[];

export const DERIVERS: Record<string, Deriver> = {
  // checks/_facts/definer_functions: search_path split as PostgreSQL splits it, bodies read
  definer_functions: (rows) => deriveDefinerFunctions(rows),
  // checks/_facts/priv_graph: who can act as whom (src/core/privgraph/graph.ts)
  priv_graph: (rows) => derivePrivGraph(rows),
  // views of priv_graph for the checks (src/core/privgraph/views.ts)
  su_equiv: (_rows, ctx) => deriveSuEquiv(ctx.facts),
  role_reach: (_rows, ctx) => deriveRoleReach(ctx.facts),
  priv_paths: (_rows, ctx) => derivePrivPaths(ctx.facts),
  // checks/_facts/settings: settings as the server applies them and will apply them (src/core/settings/)
  settings: (rows, ctx) => deriveSettings(rows as unknown as RawRow[], ctx.server[0]) as unknown as Record<string, unknown>[],
};
