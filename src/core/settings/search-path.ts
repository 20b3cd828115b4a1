// search_path as the server resolves names with it (recomputeNamespacePath in
// src/backend/catalog/namespace.c; documented in "The Schema Search Path", ddl-schemas.html,
// and under search_path in runtime-config-client.html):
// - items are identifiers (SplitIdentifierString): unquoted ones are downcased, "Quoted"
//   ones keep their case; "$user" (quoted or not) means the schema named like the session
//   user, skipped when there is none (or the user lacks USAGE on it); names that are not
//   schemas, or not usable, are skipped; duplicates count once, where first written;
// - pg_catalog is searched first unless the path names it (then where it stands);
// - pg_temp (the session's temporary schema) is searched first for tables, views and types
//   unless the path names it; functions and operators are never looked up there implicitly.
import { splitList } from './split.ts';

export interface SearchPathItem {
  name: string;
  quoted: boolean;
  /** "$user", pg_catalog or pg_temp (the session's temporary schema). */
  special: '$user' | 'pg_catalog' | 'pg_temp' | null;
}

export type SearchPath = { ok: true; items: SearchPathItem[]; catalog_implicit: boolean; temp_implicit: boolean } | { ok: false; error: string };

export function parseSearchPath(raw: string, major = 18): SearchPath {
  const split = splitList(raw, 'identifier', major);
  if (!split.ok) return split;
  const items = split.items.map(({ value, quoted }): SearchPathItem => ({
    name: value,
    quoted,
    special: value === '$user' ? '$user' : value === 'pg_catalog' ? 'pg_catalog' : value === 'pg_temp' ? 'pg_temp' : null,
  }));
  return {
    ok: true,
    items,
    catalog_implicit: !items.some((i) => i.special === 'pg_catalog'),
    temp_implicit: !items.some((i) => i.special === 'pg_temp'),
  };
}
