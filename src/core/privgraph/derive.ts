// Deriver of the priv_graph fact: the one row of catalog input its query returns, walked by the
// privilege graph (graph.ts) into one row per (role, kind, target) the role can reach.
import { readGraphInput } from './input.ts';
import { PrivGraph } from './graph.ts';

export function derivePrivGraph(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  if (rows.length !== 1) throw new Error(`priv_graph: expected one row of input, found ${rows.length}`);
  const graph = new PrivGraph(readGraphInput(rows[0]));
  // in target order, each target's roles by name (the roles arrive sorted): the same in every host
  return graph.paths() as unknown as Record<string, unknown>[];
}
