// Runs the fixtures.json of check folders on real servers. Cases of one server and round
// are applied together, step by step: step N of every case is merged (one ALTER SYSTEM batch,
// one pg_hba.conf, the SQL scripts, the hooks), the audit runs once per user and locale,
// and every case's expectation is compared. Cases that need states which exclude each
// other go to other rounds; rounds run in number order on one server.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { SettingValue } from '../../src/harness/index.ts';
import type { DiskPack } from '../../src/session/node-pack.ts';
import { auditWithNode } from '../../src/runtime/node.ts';
import type { CheckResult, Report } from '../../src/core/report.ts';
import { caseSteps, FIXTURES_FILE, type FixtureExpect, type FixtureServer, type FixturesJson, type FixtureStep } from '../../build/check-fixtures.ts';
import { runHook, type FixtureEnv } from './fixture-hooks.ts';

export const BASE_HBA = ['local all all trust'];
/** Settings whose values of several cases are joined (a comma list), not a conflict. */
const LIST_SETTINGS = new Set(['shared_preload_libraries']);

export interface LoadedCase {
  id: string;
  group: string;
  label: string;
  server: FixtureServer;
  round: number;
  steps: { name: string; step: FixtureStep }[];
}

/** Every case of every checks/<group>/<id>/fixtures.json under checksDir. */
export function loadFixtures(checksDir: string): LoadedCase[] {
  const cases: LoadedCase[] = [];
  const dirs = (d: string) => readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('_') && !e.name.startsWith('.')).map((e) => e.name).sort();
  for (const group of dirs(checksDir)) {
    for (const id of dirs(path.join(checksDir, group))) {
      const file = path.join(checksDir, group, id, FIXTURES_FILE);
      if (!existsSync(file)) continue;
      const f = JSON.parse(readFileSync(file, 'utf8')) as FixturesJson;
      for (const c of f.cases) {
        cases.push({ id, group, label: c.label ?? id, server: c.server ?? 18, round: c.round ?? 1, steps: caseSteps(c) });
      }
    }
  }
  return cases;
}

export interface PlannedStep { round: number; index: number; name: string; cases: LoadedCase[] }

/** The steps to run on one server, in order. */
export function planSteps(cases: LoadedCase[], server: FixtureServer): PlannedStep[] {
  const mine = cases.filter((c) => c.server === server);
  const rounds = [...new Set(mine.map((c) => c.round))].sort((a, b) => a - b);
  const out: PlannedStep[] = [];
  for (const round of rounds) {
    const inRound = mine.filter((c) => c.round === round);
    const length = Math.max(...inRound.map((c) => c.steps.length));
    for (let index = 0; index < length; index++) {
      const withStep = inRound.filter((c) => index < c.steps.length);
      out.push({ round, index, name: withStep[0].steps[index].name, cases: withStep });
    }
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function fill(text: string, vars: Record<string, string>, forRegex = false): string {
  return text.replace(/\{\{(\w+)\}\}/g, (m, name: string) => {
    if (!(name in vars)) throw new Error(`${m}: no such value on this server (has ${Object.keys(vars).join(', ')})`);
    return forRegex ? escapeRe(vars[name]) : vars[name];
  });
}

/** Differences between what a result says and what was expected ('' = as expected). */
export function mismatch(r: CheckResult | undefined, e: FixtureExpect, report: Report | undefined, vars: Record<string, string>): string {
  if (!r) return 'not in the report';
  const re = (s: string) => new RegExp(fill(s, vars, true));
  const text = `${r.short_description}\n${r.full_description}`;
  const problems: string[] = [];
  if (e.status && r.status !== e.status) problems.push(`status ${r.status}, expected ${e.status}`);
  if (e.status_not && r.status === e.status_not) problems.push(`status ${r.status}, expected anything else`);
  for (const s of e.text ?? []) if (!re(s).test(text)) problems.push(`text does not match /${s}/`);
  for (const s of e.not_text ?? []) if (re(s).test(text)) problems.push(`text matches /${s}/`);
  for (const s of e.short ?? []) if (!re(s).test(r.short_description)) problems.push(`short description does not match /${s}/`);
  for (const s of e.report_not ?? []) if (re(s).test(JSON.stringify(report))) problems.push(`the report matches /${s}/`);
  for (const [file, reason] of Object.entries(e.skipped ?? {})) {
    const out = r.executors.find((x) => x.script === file || x.script.endsWith(`/${file}`));
    if (out?.skipped !== reason) problems.push(`executor ${file} skipped ${JSON.stringify(out?.skipped ?? null)}, expected ${JSON.stringify(reason)}`);
  }
  if (!problems.length) return '';
  return `${problems.join('; ')} — got: ${r.short_description} | ${r.full_description.replace(/\s+/g, ' ').slice(0, 400)}`;
}

/** Merge step `index` of the cases; two cases asking for different values of one setting is a fixture error. */
function merge(step: PlannedStep, vars: Record<string, string>) {
  const settings: Record<string, SettingValue> = {};
  const owner: Record<string, string> = {};
  const hba: string[] = [];
  let hbaFile: string[] | null = null;
  let hbaFileOwner = '';
  const sql: string[] = [];
  const hooks = new Map<string, LoadedCase[]>();
  let touchesHba = false;
  const where = `round ${step.round} ${step.name}`;
  for (const k of step.cases) {
    const f = k.steps[step.index].step;
    for (const [name, raw] of Object.entries(f.settings ?? {})) {
      const value = typeof raw === 'string' ? fill(raw, vars) : raw;
      if (name in settings && String(settings[name]) !== String(value)) {
        if (LIST_SETTINGS.has(name)) {
          const items = String(settings[name]).split(',').filter(Boolean);
          for (const item of String(value).split(',')) if (item && !items.includes(item)) items.push(item);
          settings[name] = items.join(',');
          continue;
        }
        throw new Error(`${where}: ${k.label} sets ${name}=${value}, ${owner[name]} sets ${settings[name]}`);
      }
      settings[name] = value;
      owner[name] = k.label;
    }
    if (f.hba) { touchesHba = true; for (const l of f.hba) { const line = fill(l, vars); if (!hba.includes(line)) hba.push(line); } }
    if (f.hba_file) {
      const lines = f.hba_file.map((l) => fill(l, vars));
      if (hbaFile && JSON.stringify(hbaFile) !== JSON.stringify(lines)) throw new Error(`${where}: ${k.label} and ${hbaFileOwner} give different hba_file`);
      hbaFile = lines;
      hbaFileOwner = k.label;
    }
    if (f.sql) { const script = fill(f.sql, vars); if (!sql.includes(script)) sql.push(script); }
    for (const h of f.hooks ?? []) hooks.set(h, [...(hooks.get(h) ?? []), k]);
  }
  if (hbaFile && touchesHba) throw new Error(`${where}: hba lines and an hba_file in the same step`);
  return { settings, hba: hbaFile ?? (touchesHba ? [...BASE_HBA, ...hba] : null), sql, hooks };
}

export async function auditAs(env: FixtureEnv, pack: DiskPack, groups: string[] | undefined, user = 'postgres', locale = 'en'): Promise<Report> {
  const c = env.cluster;
  const client = new pg.Client(c.clientConfig(user, 'postgres'));
  client.on('error', () => {});
  await client.connect();
  try {
    return await auditWithNode(client, pack, {
      groups, locale, connection: { host: c.socketDir, port: c.port, user, database: 'postgres' } as any,
    });
  } finally {
    await client.end().catch(() => {});
  }
}

export interface StepOutcome {
  /** one line per case whose verdict differs from its expectation */
  wrong: string[];
  /** cases whose expectation could not be shown here (a hook said why) */
  notShown: string[];
  /** how many expectations were compared */
  compared: number;
}

/** Apply one planned step to the server, audit, and compare every case's expectation. */
export async function runStep(env: FixtureEnv, pack: DiskPack, step: PlannedStep): Promise<StepOutcome> {
  const c = env.cluster;
  const m = merge(step, env.vars);
  const names = Object.keys(m.settings);
  if (names.length) {
    const rows = await c.query<{ name: string }>(
      `SELECT name FROM pg_settings WHERE context = 'postmaster' AND name = ANY ($1::text[])`, [names]);
    await c.alterSystem(m.settings, rows.length ? 'restart' : 'reload');
  }
  if (m.hba) await c.writeHba(m.hba);
  for (const script of m.sql) await c.query(script);
  const notShown = new Map<LoadedCase, string>();
  for (const [spec, owners] of m.hooks) {
    const reason = await runHook(env, spec);
    if (reason) for (const k of owners) notShown.set(k, `${spec}: ${reason}`);
  }

  // one audit per user and locale, of the groups of the cases that expect something
  const byAudit = new Map<string, LoadedCase[]>();
  for (const k of step.cases) {
    const s = k.steps[step.index].step;
    if (!s.expect || notShown.has(k)) continue;
    const key = JSON.stringify([s.user ?? 'postgres', s.locale ?? 'en']);
    byAudit.set(key, [...(byAudit.get(key) ?? []), k]);
  }
  const wrong: string[] = [];
  let compared = 0;
  for (const [key, cases] of byAudit) {
    const [user, locale] = JSON.parse(key) as [string, string];
    const report = await auditAs(env, pack, [...new Set(cases.map((k) => k.group))], user, locale);
    const results = new Map(report.results.map((r) => [r.check_id, r]));
    for (const k of cases) {
      compared++;
      const why = mismatch(results.get(k.id), k.steps[step.index].step.expect!, report, env.vars);
      if (why) wrong.push(`${k.label} (${step.name}${user !== 'postgres' ? `, as ${user}` : ''}): ${why}`);
    }
  }
  return { wrong, notShown: [...notShown].map(([k, why]) => `${k.label} (${step.name}): not shown: ${why}`), compared };
}
