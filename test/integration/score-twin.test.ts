// The score has two implementations that must not drift: TypeScript (src/render/score.ts, the
// HTML report, the console summary and the fleet report, after src/session/waivers.ts leaves
// waived findings out) and SQL (the generated column sec_check.run_stats.score behind
// run_summary, and the view sec_check.score_by_group). One table of cases goes through all
// three on a real server; each must give the table's percent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import type { CheckResult, Report, Status } from '../../src/core/report.ts';
import { scores } from '../../src/render/score.ts';
import { withoutWaived, type Waiver } from '../../src/session/waivers.ts';
import { startPg18WithSecCheck } from './support.ts';

/** Results by status; `waived` are Error results under a waiver. Percent: passed/judged, floored to 0.1. */
interface Case { Success: number; Info: number; Warning: number; Error: number; Failed: number; Skipped: number; waived: number; percent: number | null }
const c = (counts: Partial<Case>, percent: number | null): Case =>
  ({ Success: 0, Info: 0, Warning: 0, Error: 0, Failed: 0, Skipped: 0, waived: 0, ...counts, percent });

const SCORE_CASES: Case[] = [
  c({}, null),
  c({ Info: 3, Skipped: 2 }, null),
  c({ Success: 1 }, 100),
  c({ Success: 1, Warning: 1 }, 50),
  c({ Success: 2, Error: 1 }, 66.6),
  c({ Success: 1, Failed: 2 }, 33.3),
  c({ Success: 1, Warning: 6 }, 14.2),
  c({ Success: 2, Warning: 1, Error: 1, Failed: 1, Info: 3, Skipped: 2 }, 40),
  c({ Success: 199, Failed: 1 }, 99.5),
  c({ Success: 1999, Warning: 1 }, 99.9),
  c({ Warning: 3, Error: 2 }, 0),
  c({ Success: 1, waived: 1 }, 100),
  c({ waived: 2 }, null),
  c({ Success: 2, Error: 1, waived: 1 }, 66.6),
  c({ Success: 1, Failed: 1, Info: 1, waived: 3 }, 50),
];

const STATUSES: Status[] = ['Success', 'Info', 'Warning', 'Error', 'Failed', 'Skipped'];

/** The case as check results: kN for each status, wN for the waived Error results. */
function results(k: Case): { id: string; status: Status }[] {
  const out: { id: string; status: Status }[] = [];
  for (const s of STATUSES) for (let i = 0; i < k[s]; i++) out.push({ id: `${s.toLowerCase()}_${i}`, status: s });
  for (let i = 0; i < k.waived; i++) out.push({ id: `waived_${i}`, status: 'Error' });
  return out;
}

function tsScore(k: Case): number | null {
  const report = {
    sections: [{ key: 'twin', header: 'Twin', description: '' }],
    run: { server: { database: 'twin' } },
    results: results(k).map((r) => ({ section: 'twin', check_id: r.id, name: r.id, status: r.status }) as unknown as CheckResult),
  } as unknown as Report;
  const waivers: Waiver[] = results(k).filter((r) => r.id.startsWith('waived_'))
    .map((r) => ({ check_id: r.id, scope: null, reason: 'twin', expires_at: '2999-01-01' }));
  return scores(withoutWaived(report, waivers).judged).overall.percent;
}

let server: Cluster;
let db: pg.Client;
before(async () => {
  server = await startPg18WithSecCheck();
  db = await server.connect();
  await db.query('BEGIN');
});
after(async () => {
  await db?.query('ROLLBACK').catch(() => undefined);
  await db?.end();
  await server?.stop();
});

test('the table is what the score means: passed / (Success + Warning + Error + Failed, waived left out), floored to 0.1', () => {
  for (const k of SCORE_CASES) {
    const judged = k.Success + k.Warning + k.Error + k.Failed;
    assert.equal(k.percent, judged ? Math.floor((1000 * k.Success) / judged) / 10 : null, JSON.stringify(k));
  }
});

test('TypeScript: scores() of the report without its waived findings gives every case its percent', () => {
  for (const k of SCORE_CASES) assert.equal(tsScore(k), k.percent, JSON.stringify(k));
});

test('SQL: sec_check.run_stats.score gives every case its percent', async () => {
  const { rows: [run] } = await db.query(`INSERT INTO sec_check.runs (started_at, finished_at, server_version, server_version_num, locale,
      run_by, origin, runtime, tool_version, report)
    VALUES (now(), now(), '18', 180000, 'en', current_user, 'agent', 'node', 'twin', '{}') RETURNING id`);
  for (const [i, k] of SCORE_CASES.entries()) {
    const { rows: [row] } = await db.query(`INSERT INTO sec_check.run_stats (run_id, scope, pack, started_at, finished_at, origin, runtime,
        run_by, server_version, success, info, warning, error, failed, skipped, waived)
      VALUES ($1, $2, 'twin', now(), now(), 'agent', 'node', current_user, '18', $3, $4, $5, $6, $7, $8, $9) RETURNING score::float8 AS score`,
    [run.id, `twin-${i}`, k.Success, k.Info, k.Warning, k.Error + k.waived, k.Failed, k.Skipped, k.waived]);
    assert.equal(row.score, k.percent, JSON.stringify(k));
    await db.query('DELETE FROM sec_check.run_stats WHERE run_id = $1', [run.id]);
  }
});

test('SQL: sec_check.score_by_group gives every case its percent (check_state holds no Skipped verdicts)', async () => {
  for (const [i, k] of SCORE_CASES.entries()) {
    const scope = `twin-${i}`;
    for (const r of results(k).filter((x) => x.status !== 'Skipped')) {
      const failing = ['Warning', 'Error', 'Failed'].includes(r.status);
      await db.query(`INSERT INTO sec_check.check_state (scope, pack, check_key, section, check_id, check_name, last_status, last_run_id,
          last_checked_at, finding_state) VALUES ($1, 'twin', $2, 'twin', $2, $2, $3, 1, now(), $4)`, [scope, r.id, r.status, failing ? 'open' : null]);
      if (r.id.startsWith('waived_')) {
        await db.query(`INSERT INTO sec_check.waivers (check_id, scope, reason, expires_at) VALUES ($1, $2, 'twin', now() + interval '1 day')`, [r.id, scope]);
      }
    }
    const { rows } = await db.query(`SELECT score::float8 AS score FROM sec_check.score_by_group WHERE scope = $1 AND pack = 'twin'`, [scope]);
    // a case without rows has no group at all: no score, as in the report
    assert.equal(rows[0]?.score ?? null, k.percent, JSON.stringify(k));
  }
});
