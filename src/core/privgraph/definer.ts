// Deriver of the definer_functions fact: each function that runs as someone else, with its
// pinned search_path split as PostgreSQL splits it (search-path.ts) and its body read for the
// names it looks up and the caller-supplied SQL it runs (body.ts). Positions: the schemas of
// path_schemas are numbered from 1 in search order; catalog_pos is where pg_catalog is searched
// (0 = before them all, as when the path does not list it), temp_pos where pg_temp is searched
// for relations (-1 = first, as when the path does not list it; functions and operators are
// never looked up there).
import { readBody } from './body.ts';
import { splitSearchPath } from './search-path.ts';

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Parses a PostgreSQL array that arrived as text ('{a,b}') or as a JSON array. */
function textArray(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((x) => (x === null ? '' : String(x)));
  if (typeof v !== 'string' || v === '{}' || v === '') return [];
  throw new Error(`definer_functions: expected an array, found ${JSON.stringify(v).slice(0, 80)}`);
}

export function deriveDefinerFunctions(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  // generated functions often share a body: each distinct one is read once
  const readings = new Map<string, ReturnType<typeof readBody>>();
  return rows.map((r) => {
    const owner = text(r.owner_name) ?? '';
    const path = text(r.path);
    const params = textArray(r.params);
    const key = `${text(r.language)}\u0000${r.sql_body === true}\u0000${params.join('\u0001')}\u0000${text(r.body) ?? ''}`;
    let reading = readings.get(key);
    if (!reading) { reading = readBody(text(r.body) ?? '', text(r.language) ?? '', params, r.sql_body === true); readings.set(key, reading); }
    // a pinned path; else an event trigger's function uses the DDL runner's (this session's)
    const runsAsCaller = r.secdef !== true;
    const source = path ?? (runsAsCaller ? text(r.session_path) : null);
    const entries = source === null ? null : splitSearchPath(source, path !== null ? (r.secdef === true ? owner : text(r.session_user_name) ?? '') : text(r.session_user_name) ?? '');
    let catalogPos = 0;
    let tempPos = -1;
    const schemas: string[] = [];
    if (entries) {
      entries.forEach((e, i) => {
        schemas.push(e.name);
        if (e.name === 'pg_catalog' && catalogPos === 0) catalogPos = i + 1;
        if ((e.name === 'pg_temp' || /^pg_temp_\d+$/.test(e.name)) && tempPos === -1) tempPos = i + 1;
      });
    }
    const { body: _b, sql_body: _s, params: _p, session_path: _sp, session_user_name: _su, ...keep } = r;
    return {
      ...keep,
      path,
      // unreadable as a list: PostgreSQL would not have stored it; treated as not pinned
      pinned: path !== null && entries !== null,
      path_schemas: entries ? schemas : null,
      catalog_pos: catalogPos,
      temp_pos: tempPos,
      calls: reading.calls,
      relations: reading.relations,
      operators: reading.operators,
      dynamic: reading.dynamic,
    };
  });
}
