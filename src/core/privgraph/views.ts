// Views of the privilege graph for the checks that read it, each a fact whose deriver reads the
// priv_graph fact's rows (fact.json "facts": ["priv_graph"]): compact, so binding one into a
// check's SQL stays cheap on 10,000 roles, and the graph itself is never serialized.
//   su_equiv      superuser-equivalent roles (superusers, and roles that can act as one or run
//                 programs as the server account), with the chain for the first roles by name
//   role_reach    every (role, kind, target) a role can reach, no chains (predefined_roles)
//   priv_paths    login roles' escalation paths in report order, at most MAX_PATHS (500), with chains
import type { PathRow } from './graph.ts';

/** Chains kept in su_equiv: the first roles by name (the reports show a part of the list). */
export const SU_EQUIV_CHAINS = 200;
/** Paths kept in priv_paths (escalation_paths lists them; `total` counts them all). */
export const MAX_PATHS = 500;

/** Parameters whose SET/ALTER SYSTEM privilege loads code or runs shell commands. */
const CODE_PARAMETERS = new Set(['shared_preload_libraries', 'session_preload_libraries', 'local_preload_libraries',
  'dynamic_library_path', 'archive_command', 'archive_library', 'restore_command', 'archive_cleanup_command',
  'recovery_end_command', 'ssl_passphrase_command', 'extension_control_path']);

const graphRows = (facts: Map<string, Record<string, unknown>[]>): PathRow[] => {
  const rows = facts.get('priv_graph');
  if (!rows) throw new Error('the priv_graph fact was not given');
  return rows as unknown as PathRow[];
};

const quoteIdent = (s: string) => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`);

/** What reaching the holder gives, as the last step of a chain. */
export function finalStep(r: PathRow): string {
  if (r.kind === 'superuser') return ` → SUPERUSER ${quoteIdent(r.target)}`;
  if (r.kind === 'server_files') {
    if (r.target === 'pg_execute_server_program') return ' → COPY ... PROGRAM: shell commands as the server account';
    if (r.target === 'pg_write_server_files') return ' → COPY ... TO file: writes any file of the server account (configuration, data)';
    return ' → COPY ... FROM file: reads any file the server account can read (keys, password hashes)';
  }
  return r.step ?? '';
}

const superEquivalentKind = (r: PathRow) => r.kind === 'superuser' || r.kind === 'untrusted_language'
  || (r.kind === 'server_files' && r.target === 'pg_execute_server_program');
const byName = (a: { rolname: string }, b: { rolname: string }) => (a.rolname < b.rolname ? -1 : a.rolname > b.rolname ? 1 : 0);

export function deriveSuEquiv(facts: Map<string, Record<string, unknown>[]>): Record<string, unknown>[] {
  const best = new Map<number, PathRow>();
  for (const r of graphRows(facts)) {
    if (!superEquivalentKind(r)) continue;
    const seen = best.get(r.oid);
    if (!seen || r.hops < seen.hops || (r.hops === seen.hops && r.kind === 'superuser' && seen.kind !== 'superuser')) best.set(r.oid, r);
  }
  const rows = [...best.values()].sort(byName);
  let chains = 0;
  return rows.map((r) => ({
    oid: r.oid, rolname: r.rolname, rolcanlogin: r.rolcanlogin, rolsuper: r.rolsuper,
    via: r.rolsuper || chains++ >= SU_EQUIV_CHAINS ? null : r.chain + finalStep(r),
  }));
}

export function deriveRoleReach(facts: Map<string, Record<string, unknown>[]>): Record<string, unknown>[] {
  return graphRows(facts).filter((r) => !r.rolsuper)
    .map((r) => ({ oid: r.oid, rolname: r.rolname, rolcanlogin: r.rolcanlogin, kind: r.kind, target: r.target, hops: r.hops }));
}

function severity(r: PathRow): 'Error' | 'Warning' {
  if (r.kind === 'server_files' && r.target === 'pg_read_server_files') return 'Warning';
  if (r.kind === 'parameter' && !CODE_PARAMETERS.has(r.target)) return 'Warning';
  return 'Error';
}

export function derivePrivPaths(facts: Map<string, Record<string, unknown>[]>): Record<string, unknown>[] {
  const paths = graphRows(facts)
    .filter((r) => r.rolcanlogin && !r.rolsuper && r.kind !== 'predefined')
    .map((r) => ({ r, severity: severity(r) }))
    .sort((a, b) => (a.severity !== b.severity ? (a.severity === 'Error' ? -1 : 1)
      : a.r.rolname !== b.r.rolname ? (a.r.rolname < b.r.rolname ? -1 : 1)
      : a.r.kind !== b.r.kind ? (a.r.kind < b.r.kind ? -1 : 1)
      : a.r.target < b.r.target ? -1 : a.r.target > b.r.target ? 1 : 0));
  return paths.slice(0, MAX_PATHS).map(({ r, severity: s }) => ({
    role: r.rolname, kind: r.kind, severity: s, target: r.target, hops: r.hops,
    chain: r.chain + finalStep(r), fix: r.fix, holder: r.holder, last_member: r.last_member,
    via_function: r.via_function, total: paths.length,
  }));
}
