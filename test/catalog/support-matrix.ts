// Table-driven fixture runner for test/catalog/fixtures-matrix.test.ts.
// A case names one check and two fixtures ("bad": the check must report the problem,
// "good": it must pass, or give Info where the check is review-only by design). The
// fixtures of every case of a round are applied together (one ALTER SYSTEM batch, one
// pg_hba.conf, one SQL script), the audit runs once, and every case is asserted; then the
// same for the good side. Cases that need states which exclude each other go to other rounds.
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Cluster, SettingValue } from '../../src/harness/index.ts';
import type { DiskPack } from '../../src/runtime/node-pack.ts';
import { auditWithNode } from '../../src/runtime/node.ts';

export type Status = 'Success' | 'Info' | 'Warning' | 'Error' | 'Failed' | 'Skipped';

export interface Expect {
  status: Status;
  /** each must match short_description + full_description */
  text?: RegExp[];
  /** none may match */
  notText?: RegExp[];
}

export interface Fixture {
  settings?: Record<string, SettingValue>;
  /** pg_hba.conf lines added after the base lines (lines of all cases of a side are joined) */
  hba?: string[];
  /** run as postgres in the postgres database; identical scripts of one side run once */
  sql?: string;
  /** after settings, hba and sql (e.g. wait for the archiver) */
  after?: (c: Cluster) => Promise<void>;
  expect: Expect;
}

export interface Case {
  id: string;
  group: string;
  /** what this case shows when a check has several (defaults to the id) */
  label?: string;
  round?: number;
  bad: Fixture;
  good: Fixture;
}

export type Side = 'bad' | 'good';

export const BASE_HBA = ['local all all trust'];

export async function auditResults(c: Cluster, pack: DiskPack, groups: string[] | undefined, user = 'postgres'): Promise<Record<string, any>> {
  const client = new pg.Client(c.clientConfig(user, 'postgres'));
  client.on('error', () => {});
  await client.connect();
  try {
    const report = await auditWithNode(client, pack, {
      groups, locale: 'en', connection: { host: c.socketDir, port: c.port, user, database: 'postgres' } as any,
    });
    return Object.fromEntries(report.results.map((r: any) => [r.check_id, r]));
  } finally {
    await client.end().catch(() => {});
  }
}

/** Differences between what a result says and what was expected ('' = as expected). */
export function mismatch(r: any, e: Expect): string {
  if (!r) return 'not in the report';
  const text = `${r.short_description}\n${r.full_description}`;
  const problems: string[] = [];
  if (r.status !== e.status) problems.push(`status ${r.status}, expected ${e.status}`);
  for (const re of e.text ?? []) if (!re.test(text)) problems.push(`text does not match ${re}`);
  for (const re of e.notText ?? []) if (re.test(text)) problems.push(`text matches ${re}`);
  if (!problems.length) return '';
  return `${problems.join('; ')} — got: ${r.short_description} | ${r.full_description.replace(/\s+/g, ' ').slice(0, 400)}`;
}

/** Merge one side of a round's cases; two cases asking for different values of one setting is a table error. */
function merge(cases: Case[], side: Side) {
  const settings: Record<string, SettingValue> = {};
  const owner: Record<string, string> = {};
  const hba: string[] = [];
  const sql: string[] = [];
  const after: Array<(c: Cluster) => Promise<void>> = [];
  let touchesHba = false;
  for (const k of cases) {
    const f = k[side];
    for (const [name, value] of Object.entries(f.settings ?? {})) {
      if (name in settings && String(settings[name]) !== String(value)) {
        throw new Error(`round ${k.round ?? 1} ${side}: ${k.label ?? k.id} sets ${name}=${value}, ${owner[name]} sets ${settings[name]}`);
      }
      settings[name] = value;
      owner[name] = k.label ?? k.id;
    }
    if (f.hba) { touchesHba = true; for (const l of f.hba) if (!hba.includes(l)) hba.push(l); }
    if (f.sql && !sql.includes(f.sql)) sql.push(f.sql);
    if (f.after && !after.includes(f.after)) after.push(f.after);
  }
  return { settings, hba: touchesHba ? [...BASE_HBA, ...hba] : null, sql, after };
}

/** Apply one side of a round, audit the groups once, and assert every case (all mismatches in one message). */
export async function runSide(c: Cluster, pack: DiskPack, cases: Case[], side: Side): Promise<void> {
  const m = merge(cases, side);
  const names = Object.keys(m.settings);
  if (names.length) {
    const rows = await c.query<{ name: string }>(
      `SELECT name FROM pg_settings WHERE context = 'postmaster' AND name = ANY ($1::text[])`, [names]);
    await c.alterSystem(m.settings, rows.length ? 'restart' : 'reload');
  }
  if (m.hba) await c.writeHba(m.hba);
  for (const script of m.sql) await c.query(script);
  for (const fn of m.after) await fn(c);
  const groups = [...new Set(cases.map((k) => k.group))];
  const results = await auditResults(c, pack, groups);
  const wrong = cases
    .map((k) => [k, mismatch(results[k.id], k[side].expect)] as const)
    .filter(([, why]) => why)
    .map(([k, why]) => `${k.label ?? k.id} (${side}): ${why}`);
  assert.deepEqual(wrong, [], `\n${wrong.join('\n')}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll a boolean query (first column of the first row) until it is true. */
export async function waitFor(c: Cluster, sql: string, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const rows = await c.query(sql);
    if (rows[0] && Object.values(rows[0])[0] === true) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(rows)}`);
    await sleep(100);
  }
}
