// Bounded evidence: one hostile check costs that check a Failed verdict naming the cap,
// never the run. The CLI writes and stores the report for all checks; the database runs
// the same pack (shell checks aside) and stores it too. Big int8 values keep their digits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, connArgs, startPg18WithSecCheck, tempPrefix } from './support.ts';
import { HOSTILE_CASES, writeHostilePack } from './hostile-pack.ts';
import { backendPeakRss, cliPeakRss } from '../bench/memory.ts';
import { MAX_DEPTH, MAX_ROWS, MAX_SHELL_BYTES, MAX_SQL_BYTES } from '../../src/core/evidence-limits.ts';

let pg: Cluster;
before(async () => { pg = await startPg18WithSecCheck(); });
after(async () => { await pg?.stop(); });

interface Result { name: string; status: string; full_description: string; short_description: string; executors: { stdout?: string; rows?: unknown[]; error?: string | null }[] }
const byName = (results: Result[]) => new Map(results.map((r) => [r.name, r]));

function assertSqlVerdicts(r: Map<string, Result>) {
  assert.equal(r.get('million_rows')!.status, 'Failed');
  assert.match(r.get('million_rows')!.full_description, new RegExp(`evidence cap of ${MAX_ROWS} rows`));
  assert.equal(r.get('hundred_mb_value')!.status, 'Failed');
  assert.match(r.get('hundred_mb_value')!.full_description, new RegExp(`exceeds the evidence cap of ${MAX_SQL_BYTES} bytes`));
  assert.equal(r.get('deep_json')!.status, 'Failed');
  assert.match(r.get('deep_json')!.full_description, new RegExp(`evidence cap of ${MAX_DEPTH} levels`));
  assert.equal(r.get('nul_in_json')!.status, 'Success');
  assert.match(JSON.stringify(r.get('nul_in_json')!.executors[0].rows), /x\u2400y/);
  assert.equal(r.get('int8_exact')!.status, 'Success', r.get('int8_exact')!.short_description);
  assert.deepEqual(r.get('int8_exact')!.executors[0].rows, [{ big: '9223372036854775807', neg: '-9007199254740993', small: 42 }]);
  assert.equal(r.get('ordinary')!.status, 'Success');
}

test('CLI with --store: hostile checks fail alone, the report is written and stored whole', async () => {
  const config = writeHostilePack();
  const out = tempPrefix('hostile');
  // an agent posts only checks of a stored pack: upload it first
  const up = await cli(['pack', ...connArgs(pg), '--config', config, '--upload', 'hostile']);
  assert.equal(up.code, 0, up.stderr);
  const res = await cli(['run', ...connArgs(pg), '--config', config, '--format', 'Full', '--output', out, '--store', '--fail-on', 'never']);
  assert.equal(res.code, 0, res.stderr);
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  const r = byName(report.results);
  assert.equal(r.size, 8);
  assertSqlVerdicts(r);
  assert.equal(r.get('nul_in_shell')!.status, 'Success');
  assert.equal(r.get('nul_in_shell')!.executors[0].stdout, 'a\u2400b\n');
  assert.equal(r.get('shell_flood')!.status, 'Failed');
  assert.match(r.get('shell_flood')!.full_description, new RegExp(`stdout exceeds the evidence cap of ${MAX_SHELL_BYTES} bytes; the script was stopped`));
  assert.ok(readFileSync(`${out}_web/index.html`, 'utf8').includes('million_rows'));

  const [stored] = await pg.query('SELECT sec_check.report_json($1) AS doc', [report.run.id]);
  const s = byName(stored.doc.results);
  // an agent post keeps the host checks only (SQL checks are recorded by run() in the database)
  const hostOnly = [...r].filter(([, x]) => x.executors.some((e) => (e as { kind?: string }).kind === 'shell'));
  assert.deepEqual([...s].map(([n, x]) => [n, x.status]), hostOnly.map(([n, x]) => [n, x.status]));
  assert.equal(hostOnly.length, 2);
  assert.equal(s.get('nul_in_shell')!.executors[0].stdout, 'a\u2400b\n');
});

test('in the database: the same caps, the run is stored, big integers stay exact', async () => {
  const config = writeHostilePack();
  const up = await cli(['pack', ...connArgs(pg), '--config', config, '--upload', 'hostile']);
  assert.equal(up.code, 0, up.stderr);
  const rows = await pg.query(`SELECT run_id, check_name, status FROM sec_check.run(NULL, 'en', 'hostile')`);
  assert.equal(rows.length, 8);
  const [{ doc }] = await pg.query('SELECT sec_check.report_json($1) AS doc', [rows[0].run_id]);
  const r = byName(doc.results);
  assertSqlVerdicts(r);
  assert.equal(r.get('shell_flood')!.status, 'Skipped');
});

test('memory: each hostile case alone keeps the CLI under 300 MB and the database run completes', async (t) => {
  for (const c of HOSTILE_CASES) {
    const config = writeHostilePack([c.name]);
    const out = tempPrefix(c.name);
    const res = cliPeakRss(['run', ...connArgs(pg), '--config', config, '--format', 'Full', '--output', out, '--store', '--fail-on', 'never']);
    assert.equal(res.code, 0, res.stderr);
    const up = await cli(['pack', ...connArgs(pg), '--config', config, '--upload', `mem_${c.name}`]);
    assert.equal(up.code, 0, up.stderr);
    const db = await backendPeakRss(pg, `SELECT status FROM sec_check.run(NULL, 'en', 'mem_${c.name}')`);
    assert.equal(db.rows.length, 1);
    t.diagnostic(`${c.name}: CLI peak RSS ${(res.kib / 1024).toFixed(0)} MB; backend peak RSS ${(db.peakKib / 1024).toFixed(0)} MB (pljs.memory_limit ${db.pljsLimitMb} MB, run completed)`);
    assert.ok(res.kib < 300 * 1024, `${c.name}: CLI peak RSS ${res.kib} KiB`);
  }
});
