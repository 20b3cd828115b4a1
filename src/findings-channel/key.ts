// The stable key of a finding occurrence: sha256 over the same identity the central table's
// unique index covers (src/findings-channel/ddl.ts IDENTITY_SQL), so two findings share a key exactly
// when a second insert of one would be skipped as a duplicate.
import { createHash } from 'node:crypto';
import type { ChannelFinding } from './types.ts';

/** JSON with object keys sorted at every level (a canonical text for hashing). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function findingKey(f: Omit<ChannelFinding, 'key'>): string {
  const identity = [f.database, f.rule_id, f.schema_name, f.table_name, f.column_name, canonicalJson(f.primary_key), f.lsn, new Date(f.detected_at).toISOString()];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/** A finding with its key filled in. */
export function withKey(f: Omit<ChannelFinding, 'key'>): ChannelFinding {
  return { key: findingKey(f), ...f };
}
