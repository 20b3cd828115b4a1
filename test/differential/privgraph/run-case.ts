// One case of the privilege-graph differential suite: build the generated graph in its own
// database, read the facts, probe every login role that is not a superuser, audit the checks,
// compare, and drop everything (the database and the roles) whatever happened.
import pg from 'pg';
import type { Cluster } from '../../../src/harness/index.ts';
import type { CompiledPack } from '../../../src/core/pack.ts';
import type { DiskPack } from '../../../src/session/node-pack.ts';
import { generateCase } from './generate.ts';
import { probeLogin, type ProbeResult } from './probe.ts';
import { auditChecks, readFactRows, type GraphRow } from './model.ts';

export interface CaseOutcome {
  id: string;
  probed: number;
  superuser: number;
  attempts: number;
  /** (login, event trigger) pairs compared, and how many of them the login could hijack */
  eventPairs: number;
  eventHijacks: number;
  /** trigger functions among the SECURITY DEFINER ones, and how many times a probe went through one */
  triggerFns: number;
  triggerRoutes: number;
  disagreements: string[];
  summary: string[];
  /** wall time per phase (ms): setup, model (facts and checks), probe, teardown */
  ms: { setup: number; model: number; probe: number; teardown: number };
}

const SERVER_FILES = ['pg_execute_server_program', 'pg_write_server_files', 'pg_read_server_files'];
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

export async function runDifferentialCase(cluster: Cluster, config: (user: string, db: string) => pg.ClientConfig, compiled: CompiledPack, pack: DiskPack,
  checks: CompiledPack, seed: number, index: number, major: number): Promise<CaseOutcome> {
  const spec = generateCase(seed, index, major);
  const out: CaseOutcome = { id: `${major}/${spec.id}`, probed: 0, superuser: 0, attempts: 0, eventPairs: 0, eventHijacks: 0,
    triggerFns: spec.definers.filter((d) => d.trigger).length, triggerRoutes: 0, disagreements: [], summary: spec.summary,
    ms: { setup: 0, model: 0, probe: 0, teardown: 0 } };
  let t0 = Date.now();
  const lap = (phase: keyof CaseOutcome['ms']) => { const t = Date.now(); out.ms[phase] += t - t0; t0 = t; };
  const admin = new pg.Client(config('postgres', 'postgres'));
  admin.on('error', () => {});
  await admin.connect();
  let db: pg.Client | null = null;
  try {
    const at = spec.setup.indexOf(`\\connect ${spec.db}`);
    // one round trip for the roles, CREATE DATABASE alone (it cannot run in a transaction block),
    // one for the objects in the database
    const roles = spec.setup.slice(0, at).filter((s) => !s.startsWith('CREATE DATABASE'));
    if (roles.length) await admin.query(roles.join(';\n'));
    for (const s of spec.setup.slice(0, at).filter((x) => x.startsWith('CREATE DATABASE'))) await admin.query(s);
    db = new pg.Client(config('postgres', spec.db));
    db.on('error', () => {});
    await db.connect();
    await db.query(spec.setup.slice(at + 1).join(';\n'));
    lap('setup');

    const facts = await readFactRows(db, compiled, ['priv_graph', 'su_equiv']);
    const graph = facts.get('priv_graph') as unknown as GraphRow[];
    const suEquiv = new Set((facts.get('su_equiv') as { rolname: string; rolsuper: boolean }[]).filter((r) => !r.rolsuper).map((r) => r.rolname));
    const report = await auditChecks(db, pack, checks);
    const result = (id: string) => report.results.find((r) => r.check_id === id);
    const su = result('superuser_roles');
    const esc = result('escalation_paths');
    const adm = result('excessive_admin_privileges');
    for (const r of [su, esc, adm]) if (!r || r.status === 'Failed') out.disagreements.push(`check ${r?.check_id ?? '?'} Failed: ${r?.full_description.slice(0, 300)}`);
    const suRows = (su?.executors[0]?.rows ?? []) as { equivalent_roles?: string[] }[];
    const checkEquivalents = new Set(suRows[0]?.equivalent_roles ?? []);
    const escRows = (esc?.executors[0]?.rows ?? []) as { role: string | null; kind: string; target: string }[];
    const admRows = (adm?.executors[0]?.rows ?? []) as { list?: string; equivalent_roles?: string[] }[];
    const admList = String(admRows[0]?.list ?? '');
    const admEquivalent = new Set(admRows[0]?.equivalent_roles ?? []);
    lap('model');

    for (const login of spec.logins) {
      if (spec.superusers.includes(login)) continue;
      const probe: ProbeResult = await probeLogin(config(login, spec.db), spec, login, major);
      out.probed++;
      out.attempts += probe.attempts;
      if (probe.superuser) out.superuser++;
      for (const how of probe.reached.values()) if (spec.definers.some((d) => d.trigger && how.includes(`.${d.name} (`))) out.triggerRoutes++;
      const mine = graph.filter((g) => g.rolname === login);
      const has = (kind: string, target?: string) => mine.some((g) => g.kind === kind && (target === undefined || g.target === target));
      const chain = (kind: string, target?: string) => mine.find((g) => g.kind === kind && (target === undefined || g.target === target))?.chain ?? '-';
      const routes = [...probe.reached].filter(([r]) => !r.startsWith('pg_')).map(([r, how]) => `${r} ← ${how}`).join('; ').slice(0, 700);
      const say = (what: string, model: boolean, truth: boolean, detail: string) => out.disagreements.push(`${login}: ${what}: graph ${model}, server ${truth} (${detail}; probe reached: ${routes})`);
      if (has('superuser') !== probe.superuser) say('acts as a superuser', has('superuser'), probe.superuser, `graph chain: ${chain('superuser')}`);
      if (!probe.superuser && !has('superuser')) {
        const truth: Record<string, boolean> = { pg_execute_server_program: probe.program, pg_write_server_files: probe.writeFiles, pg_read_server_files: probe.readFiles };
        for (const p of SERVER_FILES) if (has('server_files', p) !== truth[p]) say(`can use ${p}`, has('server_files', p), truth[p], `graph chain: ${chain('server_files', p)}`);
        const modelPre = new Set(mine.filter((g) => g.kind === 'predefined' || g.kind === 'server_files').map((g) => g.target));
        for (const p of new Set([...modelPre, ...probe.predefined])) {
          if (p === 'pg_database_owner') continue;
          if (modelPre.has(p) !== probe.predefined.has(p)) say(`has the privileges of ${p}`, modelPre.has(p), probe.predefined.has(p), `graph chain: ${chain('predefined', p)}`);
        }
        for (const e of spec.eventTriggers) {
          out.eventPairs++;
          if (probe.eventTriggers.has(e.name)) out.eventHijacks++;
          if (has('event_trigger', e.name) !== probe.eventTriggers.has(e.name)) say(`runs its code in event trigger ${e.name}`, has('event_trigger', e.name), probe.eventTriggers.has(e.name), `graph chain: ${chain('event_trigger', e.name)}`);
          const row = escRows.some((r) => r.role === login && r.kind === 'event_trigger' && r.target === e.name);
          if (row !== has('event_trigger', e.name)) say(`escalation_paths event trigger ${e.name} row`, row, has('event_trigger', e.name), 'evidence rows vs graph');
        }
      }
      const equivalent = probe.superuser || probe.program;
      if (suEquiv.has(login) !== equivalent) say('superuser-equivalent (su_equiv fact)', suEquiv.has(login), equivalent, 'superuser or COPY ... PROGRAM');
      if (checkEquivalents.has(login) !== equivalent) say('listed by superuser_roles', checkEquivalents.has(login), equivalent, 'superuser or COPY ... PROGRAM');
      const listed = admEquivalent.has(login);
      if (listed !== equivalent) say('listed by excessive_admin_privileges as superuser-equivalent', listed, equivalent, admList.slice(0, 200));
      const escSuper = escRows.some((r) => r.role === login && r.kind === 'superuser');
      if (escSuper !== probe.superuser) say('escalation_paths superuser path', escSuper, probe.superuser, 'evidence rows');
      if (!probe.superuser) {
        for (const p of SERVER_FILES) {
          const row = escRows.some((r) => r.role === login && r.kind === 'server_files' && r.target === p);
          if (row !== has('server_files', p)) say(`escalation_paths ${p} row`, row, has('server_files', p), 'evidence rows vs graph');
        }
      }
    }
    lap('probe');
  } catch (e) {
    out.disagreements.push(`case failed: ${(e as Error).stack ?? e}`);
  } finally {
    await db?.end().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${q(spec.db)} WITH (FORCE)`).catch((e) => out.disagreements.push(`teardown: ${e.message}`));
    for (const r of [...spec.roles].reverse()) await admin.query(`DROP ROLE IF EXISTS ${q(r)}`).catch((e) => out.disagreements.push(`teardown: ${e.message}`));
    await admin.end().catch(() => {});
    lap('teardown');
  }
  void cluster;
  return out;
}
