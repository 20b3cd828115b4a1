// Derivers: runtime-free post-processing of a fact's rows (checks/_facts/<id>/fact.json
// "derive"), for what SQL cannot say as PostgreSQL means it — a list setting parsed as the
// server parses it, say. One entry per name; the catalog compiler refuses unknown names.
import type { Version } from '../version.ts';

export interface DeriveContext {
  server: Version;
}

export type Deriver = (rows: Record<string, unknown>[], ctx: DeriveContext) => Record<string, unknown>[];

export const DERIVERS: Record<string, Deriver> = {};
