// The `settings` fact's deriver: from the raw rows its query reads (pg_settings,
// pg_file_settings when readable, pg_db_role_setting) to the settings as the server applies
// them and will apply them, each value with its meaning (parse.ts):
//
//   scope 'server'   the value a new session without per-role/database settings runs with
//                    (the audit session's own value when that is the same: not when it comes
//                    from a per-role/database setting, nor for a backend-context setting when the
//                    configuration was reloaded after the audit session started)
//   scope 'pending'  the value the configuration files will give it at the next restart
//                    (postmaster settings) or reload (the rest), when its meaning differs;
//                    value NULL with known = false when a restart is pending and the files
//                    cannot be read
//   scope 'all' | 'database' | 'role' | 'role_database'
//                    ALTER ROLE ALL / ALTER DATABASE / ALTER ROLE [IN DATABASE] ... SET,
//                    one row per distinct value, `who` naming the targets (at most 20, then a count)
//
// Two rows are derived from several settings, per scope and per role/database target where
// overrides combine (a session runs with its most specific override of each setting: role in
// database, then role, then database, then ALTER ROLE ALL, then the server-wide value):
//   'log_output'  whether a LOG line reaches the server log (log_min_messages; an empty
//                 log_destination writes nothing), and where it goes
//   'pgaudit'     pgAudit's effective output: whether the library is loaded (now and after
//                 a restart), the classes logged, the level, and whether its lines are written
import { parseSetting, type Parsed } from './parse.ts';
import { LIBRARY_PROOF } from './catalog.ts';
import { writtenToServerLog } from './log-levels.ts';

/** A raw row of the fact's query (one `kind` per source). */
export interface RawRow {
  kind: 'setting' | 'file' | 'file_error' | 'override' | 'access';
  name?: string | null;
  setting?: string | null;
  source?: string | null;
  context?: string | null;
  vartype?: string | null;
  unit?: string | null;
  boot_val?: string | null;
  enumvals?: string[] | null;
  min_val?: string | null;
  max_val?: string | null;
  pending_restart?: boolean | null;
  seqno?: number | null;
  error?: string | null;
  role?: string | null;
  database?: string | null;
  files_readable?: boolean | null;
  reloaded_since_start?: boolean | null;
}

export interface SettingRow {
  name: string;
  scope: 'server' | 'pending' | 'all' | 'database' | 'role' | 'role_database';
  who: string | null;
  count: number | null;
  value: string | null;
  parsed: Parsed | Record<string, unknown> | null;
  known: boolean;
  source: string | null;
  context: string | null;
  note: string | null;
}

/** Sources that mean the session's own value comes from a per-role/database or client setting. */
const SESSION_SOURCES = new Set(['database', 'user', 'database user', 'client', 'session']);
const MAX_WHO = 20;
const MAX_TARGETS = 20000;

interface Setting {
  name: string;
  value: string | null; // server-wide value, null when unknown
  known: boolean;
  parsed: Parsed | null;
  raw: RawRow;
  pending: { value: string | null; note: 'restart' | 'reload'; parsed: Parsed | null } | null;
}

interface Override { name: string; role: string | null; database: string | null; value: string }

type Target = { role: string | null; database: string | null };

function targetScope(t: Target): SettingRow['scope'] {
  if (t.role !== null && t.database !== null) return 'role_database';
  if (t.role !== null) return 'role';
  if (t.database !== null) return 'database';
  return 'all';
}

function targetLabel(t: Target): string {
  if (t.role !== null && t.database !== null) return `role ${t.role} in database ${t.database}`;
  if (t.role !== null) return `role ${t.role}`;
  if (t.database !== null) return `database ${t.database}`;
  return 'all roles';
}

function whoList(labels: string[]): string {
  const shown = labels.slice(0, MAX_WHO).join(', ');
  return labels.length > MAX_WHO ? `${shown} (+${labels.length - MAX_WHO} more)` : shown;
}

export function deriveSettings(raw: RawRow[], major: number): SettingRow[] {
  const readable = raw.some((r) => r.kind === 'access' && r.files_readable === true);
  // a backend-context setting keeps in a session the value it had when the session started:
  // after a later reload, new sessions run with the files' value instead
  const staleSession = raw.some((r) => r.kind === 'access' && r.reloaded_since_start === true);
  const reloadBlocked = raw.some((r) => r.kind === 'file_error');
  // the last entry of each name in the files (file order = seqno), errors included: a
  // postmaster setting waiting for a restart shows "setting could not be applied"
  const fileValue = new Map<string, RawRow>();
  for (const r of raw) {
    if (r.kind !== 'file' || !r.name) continue;
    const key = r.name.toLowerCase();
    const prev = fileValue.get(key);
    if (!prev || (r.seqno ?? 0) >= (prev.seqno ?? 0)) fileValue.set(key, r);
  }
  const settings = new Map<string, Setting>();
  for (const r of raw) {
    if (r.kind !== 'setting' || !r.name) continue;
    const name = r.name.toLowerCase();
    const ctx = { major, vartype: r.vartype, unit: r.unit, enumvals: r.enumvals, min_val: r.min_val, max_val: r.max_val };
    const parse = (v: string) => parseSetting(name, v, ctx);
    let value: string | null = r.setting ?? null;
    let known = true;
    const backend = r.context === 'backend' || r.context === 'superuser-backend';
    const fromSession = SESSION_SOURCES.has(r.source ?? '') || (backend && staleSession && (r.source === 'configuration file' || r.source === 'default'));
    if (fromSession) {
      // the audit session's own value comes from an override: the files or the default decide
      const f = readable ? fileValue.get(name) : undefined;
      if (readable && (!f || f.error === null)) {
        value = f ? (f.setting ?? null) : (r.boot_val ?? null);
      } else {
        // the files cannot be read, or their entry was refused (the server then keeps a value
        // set earlier, which this session cannot see)
        value = null;
        known = false;
      }
    }
    const parsed = value === null ? null : parse(value);
    let pending: Setting['pending'] = null;
    const note: 'restart' | 'reload' = r.context === 'postmaster' ? 'restart' : 'reload';
    if (r.pending_restart) {
      const f = readable ? fileValue.get(name) : undefined;
      const pv = f ? (f.setting ?? null) : readable ? (r.boot_val ?? null) : null;
      pending = { value: pv, note: 'restart', parsed: pv === null ? null : parse(pv) };
    } else if (readable && value !== null && r.context !== 'internal' && (note === 'restart' || !reloadBlocked)) {
      // what the files say now vs what runs: a change not yet reloaded (or restarted)
      const f = fileValue.get(name);
      let target: string | null = null;
      if (f && f.setting !== null && f.setting !== undefined && (r.source === 'configuration file' || r.source === 'default' || fromSession)) target = f.setting;
      else if (!f && r.source === 'configuration file') target = r.boot_val ?? null; // a removed line resets to the default
      if (target !== null) {
        const p = parse(target);
        // a value the server would refuse keeps the running one (the reload logs the error)
        if (p.ok && parsed && p.key !== parsed.key) pending = { value: target, note, parsed: p };
      }
    }
    settings.set(name, { name, value, known, parsed, raw: r, pending });
  }

  // a setting only the files know (a library's setting while the library is not loaded):
  // it takes effect when the library is loaded, so after a restart at the earliest
  const fileOnly = new Map<string, { value: string; parsed: Parsed }>();
  if (readable) {
    for (const [name, f] of fileValue) {
      if (settings.has(name) || f.setting === null || f.setting === undefined) continue;
      fileOnly.set(name, { value: f.setting, parsed: parseSetting(name, f.setting, { major }) });
    }
  }

  const overrides: Override[] = raw
    .filter((r) => r.kind === 'override' && r.name && r.setting !== null && r.setting !== undefined)
    .map((r) => ({ name: (r.name as string).toLowerCase(), role: r.role ?? null, database: r.database ?? null, value: r.setting as string }));

  const parsedCache = new Map<string, Parsed>();
  const parseFor = (name: string, value: string): Parsed => {
    const key = `${name}\u0000${value}`;
    const hit = parsedCache.get(key);
    if (hit) return hit;
    const p = parseUncached(name, value);
    parsedCache.set(key, p);
    return p;
  };
  const parseUncached = (name: string, value: string): Parsed => {
    const s = settings.get(name);
    return parseSetting(name, value, { major, vartype: s?.raw.vartype, unit: s?.raw.unit, enumvals: s?.raw.enumvals, min_val: s?.raw.min_val, max_val: s?.raw.max_val });
  };

  const rows: SettingRow[] = [];
  for (const s of settings.values()) {
    rows.push({ name: s.name, scope: 'server', who: null, count: null, value: s.value, parsed: s.parsed, known: s.known, source: s.raw.source ?? null, context: s.raw.context ?? null, note: null });
    if (s.pending) {
      rows.push({ name: s.name, scope: 'pending', who: null, count: null, value: s.pending.value, parsed: s.pending.parsed, known: s.pending.value !== null, source: null, context: s.raw.context ?? null, note: s.pending.note });
    } else if (s.raw.pending_restart && !readable) {
      rows.push({ name: s.name, scope: 'pending', who: null, count: null, value: null, parsed: null, known: false, source: null, context: s.raw.context ?? null, note: 'restart' });
    }
  }
  for (const [name, f] of fileOnly) {
    rows.push({ name, scope: 'pending', who: null, count: null, value: f.value, parsed: f.parsed, known: true, source: null, context: null, note: 'restart' });
  }
  // overrides, one row per setting, scope and value
  const groups = new Map<string, { o: Override; labels: string[] }>();
  for (const o of overrides) {
    const scope = targetScope(o);
    const key = `${o.name}\u0000${scope}\u0000${o.value}`;
    const g = groups.get(key) ?? { o, labels: [] };
    g.labels.push(targetLabel(o));
    groups.set(key, g);
  }
  for (const { o, labels } of groups.values()) {
    const s = settings.get(o.name);
    rows.push({ name: o.name, scope: targetScope(o), who: whoList(labels), count: labels.length, value: o.value, parsed: parseFor(o.name, o.value), known: true, source: null, context: s?.raw.context ?? null, note: null });
  }

  rows.push(...deriveComposites(settings, fileOnly, overrides, parseFor));
  return rows;
}

// ---- composites ---------------------------------------------------------------------------

type Lookup = (name: string) => { value: string | null; parsed: Parsed | null } | undefined;

interface Composite { key: string; value: string; parsed: Record<string, unknown> }

function logOutput(get: Lookup): Composite | null {
  const min = get('log_min_messages');
  const dest = get('log_destination');
  const collector = get('logging_collector');
  if (!min?.parsed?.ok || !dest?.parsed?.ok) return null;
  const level = String(min.parsed.value);
  const destinations = (dest.parsed.destinations as string[]) ?? [];
  const collectorOn = collector?.parsed?.ok ? collector.parsed.on === true : null;
  const levelWritten = writtenToServerLog('log', level);
  const written = levelWritten && destinations.length > 0;
  const parsed = { ok: true, written, level_written: levelWritten, log_min_messages: level, destinations, collector: collectorOn };
  return { key: JSON.stringify(parsed), value: `log_min_messages=${level} log_destination=${destinations.join(',') || "''"}`, parsed };
}

function pgauditOutput(get: Lookup, preload: { now: string[] | null; proof: boolean }): Composite | null {
  const out = logOutput(get);
  const log = get('pgaudit.log');
  const level = get('pgaudit.log_level');
  const client = get('pgaudit.log_client');
  const classes = log?.parsed?.ok ? (log.parsed.classes as string[]) : log ? null : [];
  const clientOn = client?.parsed?.ok ? client.parsed.on === true : false;
  // without pgaudit.log_client its lines are LOG_SERVER_ONLY: written as LOG lines are
  const lineLevel = clientOn ? (level?.parsed?.ok ? String(level.parsed.level) : level ? null : 'log') : 'log';
  const min = out ? String(out.parsed.log_min_messages) : null;
  const levelWritten = lineLevel !== null && min !== null ? writtenToServerLog(lineLevel, min) : null;
  const destinations = out ? (out.parsed.destinations as string[]) : null;
  const written = levelWritten === null || destinations === null ? null : levelWritten && destinations.length > 0;
  const loaded = preload.proof;
  const parsed = {
    ok: true, audit_log: log?.value ?? null, loaded, preloaded: preload.now === null ? null : preload.now.includes('pgaudit'),
    classes, client: clientOn, level: lineLevel, log_min_messages: min, destinations, written,
  };
  const value = `classes=${classes === null ? '?' : classes.join(',') || 'none'} level=${lineLevel ?? '?'} log_min_messages=${min ?? '?'} log_destination=${destinations?.join(',') ?? '?'}`;
  return { key: JSON.stringify(parsed), value, parsed };
}

function deriveComposites(settings: Map<string, Setting>, fileOnly: Map<string, { value: string; parsed: Parsed }>,
  overrides: Override[], parseFor: (n: string, v: string) => Parsed): SettingRow[] {
  const rows: SettingRow[] = [];
  const serverGet: Lookup = (name) => {
    const s = settings.get(name);
    return s ? { value: s.value, parsed: s.parsed } : undefined;
  };
  const pendingGet: Lookup = (name) => {
    const s = settings.get(name);
    if (!s) return fileOnly.get(name);
    return s.pending ? { value: s.pending.value, parsed: s.pending.parsed } : { value: s.value, parsed: s.parsed };
  };
  const anyPending = (names: string[]) => names.some((n) => settings.get(n)?.pending || fileOnly.has(n));
  const preloadNow = settings.get('shared_preload_libraries')?.parsed;
  const preloadPending = settings.get('shared_preload_libraries')?.pending?.parsed;
  const modules = (p: Parsed | null | undefined) => (p && p.ok ? (p.modules as string[]) : null);
  const proof = settings.has(LIBRARY_PROOF.pgaudit);

  const kinds: { name: string; inputs: string[]; build: (get: Lookup, pending: boolean) => Composite | null }[] = [
    { name: 'log_output', inputs: ['log_min_messages', 'log_destination', 'logging_collector'], build: (get) => logOutput(get) },
    {
      name: 'pgaudit',
      inputs: ['pgaudit.log', 'pgaudit.log_level', 'pgaudit.log_client', 'log_min_messages', 'log_destination', 'logging_collector', 'shared_preload_libraries'],
      build: (get, pending) => pgauditOutput(get, {
        now: modules(pending ? (preloadPending ?? preloadNow) : preloadNow),
        // after a restart the library is loaded exactly when the list names it
        proof: pending ? (modules(preloadPending ?? preloadNow)?.includes('pgaudit') ?? false) : proof,
      }),
    },
  ];
  for (const kind of kinds) {
    const server = kind.build(serverGet, false);
    const anyKnown = kind.inputs.some((n) => settings.has(n));
    if (!anyKnown) continue;
    rows.push({ name: kind.name, scope: 'server', who: null, count: null, value: server?.value ?? null, parsed: server?.parsed ?? null, known: server !== null, source: null, context: null, note: null });
    const unknownPending = kind.inputs.some((n) => { const p = settings.get(n)?.pending; return p !== null && p !== undefined && p.value === null; });
    if (unknownPending) {
      rows.push({ name: kind.name, scope: 'pending', who: null, count: null, value: null, parsed: null, known: false, source: null, context: null, note: 'restart' });
    } else if (anyPending(kind.inputs)) {
      const pending = kind.build(pendingGet, true);
      if (!pending || !server || pending.key !== server.key) {
        const restart = kind.inputs.some((n) => settings.get(n)?.pending?.note === 'restart');
        rows.push({ name: kind.name, scope: 'pending', who: null, count: null, value: pending?.value ?? null, parsed: pending?.parsed ?? null, known: pending !== null, source: null, context: null, note: restart ? 'restart' : 'reload' });
      }
    }
    // per target: every combination of the overrides of its inputs
    const mine = overrides.filter((o) => kind.inputs.includes(o.name));
    if (mine.length === 0) continue;
    const exact = new Map<string, Override>();
    for (const o of mine) exact.set(`${o.name}\u0000${o.role ?? ''}\u0001${o.database ?? ''}\u0000${o.role === null ? 0 : 1}${o.database === null ? 0 : 1}`, o);
    const lookupOverride = (name: string, role: string | null, database: string | null): Override | undefined =>
      exact.get(`${name}\u0000${role ?? ''}\u0001${database ?? ''}\u0000${role === null ? 0 : 1}${database === null ? 0 : 1}`);
    const roles = [...new Set(mine.filter((o) => o.role !== null && o.database === null).map((o) => o.role as string))];
    const dbs = [...new Set(mine.filter((o) => o.role === null && o.database !== null).map((o) => o.database as string))];
    const targets: Target[] = [];
    const seen = new Set<string>();
    const add = (t: Target) => {
      const k = `${t.role ?? '\u0000'}\u0001${t.database ?? '\u0000'}`;
      if (!seen.has(k)) { seen.add(k); targets.push(t); }
    };
    if (mine.some((o) => o.role === null && o.database === null)) add({ role: null, database: null });
    for (const o of mine) add({ role: o.role, database: o.database });
    // roles and databases whose settings combine: every pair, up to a bound (beyond it the
    // combinations are reported as not evaluated, never as fine)
    const pairs = roles.length * dbs.length;
    if (pairs <= MAX_TARGETS) for (const role of roles) for (const database of dbs) add({ role, database });
    else rows.push({ name: kind.name, scope: 'role_database', who: `${pairs} role and database combinations (not evaluated)`, count: pairs, value: null, parsed: null, known: false, source: null, context: null, note: null });
    const byKey = new Map<string, { c: Composite | null; labels: string[]; scope: SettingRow['scope'] }>();
    // targets with the same effective inputs share one result
    const built = new Map<string, Composite | null>();
    for (const t of targets) {
      const effective = kind.inputs.map((name) => (t.role !== null && t.database !== null ? lookupOverride(name, t.role, t.database) : undefined)
        ?? (t.role !== null ? lookupOverride(name, t.role, null) : undefined)
        ?? (t.database !== null ? lookupOverride(name, null, t.database) : undefined)
        ?? lookupOverride(name, null, null));
      const signature = effective.map((o) => (o ? `=${o.value}` : '')).join('\u0001');
      let c: Composite | null;
      if (built.has(signature)) c = built.get(signature) ?? null;
      else {
        const get: Lookup = (name) => {
          const o = effective[kind.inputs.indexOf(name)];
          if (o) return { value: o.value, parsed: parseFor(name, o.value) };
          return serverGet(name);
        };
        c = kind.build(get, false);
        built.set(signature, c);
      }
      if (c && server && c.key === server.key) continue;
      const key = `${targetScope(t)}\u0000${c?.key ?? 'unknown'}`;
      const g = byKey.get(key) ?? { c, labels: [], scope: targetScope(t) };
      g.labels.push(targetLabel(t));
      byKey.set(key, g);
    }
    for (const { c, labels, scope } of byKey.values()) {
      rows.push({ name: kind.name, scope, who: whoList(labels), count: labels.length, value: c?.value ?? null, parsed: c?.parsed ?? null, known: c !== null, source: null, context: null, note: null });
    }
  }
  return rows;
}
