// Derivers: runtime-free post-processing of a fact's rows (checks/_facts/<id>/fact.json
// "derive"), for what SQL cannot say as PostgreSQL means it — a list setting parsed as the
// server parses it, say. One entry per name; the catalog compiler refuses unknown names.
import type { Version } from '../version.ts';
import { deriveSettings, type RawRow } from '../settings/derive.ts';

export interface DeriveContext {
  server: Version;
}

export type Deriver = (rows: Record<string, unknown>[], ctx: DeriveContext) => Record<string, unknown>[];

export const DERIVERS: Record<string, Deriver> = {
  // checks/_facts/settings: settings as the server applies them and will apply them (src/core/settings/)
  settings: (rows, ctx) => deriveSettings(rows as unknown as RawRow[], ctx.server[0]) as unknown as Record<string, unknown>[],
};
