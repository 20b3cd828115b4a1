// Compliance on a real server. The twin: one table of cases (verdicts of three checks, waivers,
// attestations) goes through the core (src/core/compliance/evaluate.ts, as `sec-check
// run/report --framework` uses it, with the waivers and attestations read from the server) and
// through SQL (sec_check.compliance_status over the current state); each control's status,
// waived mark and attestation must be the table's. Then the built-in frameworks end to end:
// an in-database run, `sec_check.compliance('cis-pg17')` and `sec-check report --run latest
// --framework cis-pg17,stig-pg16` agree control by control; attest() and its refusals; a
// dashboard role reads the views without evidence and cannot attest; bad --framework input.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import type pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import { checkFramework } from '../../src/core/compliance/framework.ts';
import { evaluateFramework, type ControlStatus, type ResultLike } from '../../src/core/compliance/evaluate.ts';
import { fetchActiveAttestations } from '../../src/compliance/attestations.ts';
import { fetchActiveWaivers, waiverFor } from '../../src/session/waivers.ts';
import type { CheckResult, Status } from '../../src/core/report.ts';
import { cli, configOf, connArgs, luaReturning, startWithSecCheck, tempPrefix, writePack } from './support.ts';

const FRAMEWORK = {
  id: 'twin', title: 'Twin', version: '1', publisher: 'tests',
  controls: [
    { id: 'X', title: 'x alone', checks: ['x'] },
    { id: 'XY', title: 'x and y', checks: ['x', 'y'] },
    { id: 'XYZ', title: 'all three', checks: ['x', 'y', 'z'] },
    { id: 'XR', title: 'x, reviewable', checks: ['x'], manual: 'attach the review' },
    { id: 'M', title: 'manual', checks: [], manual: 'attach the document' },
  ],
};
const CHECKS = ['x', 'y', 'z'];
const PACK_NAME = 'twin';
const REPORT_NAME = 'twin pack';

type V = [Status, string | null] | null; // [status, skip reason], or no result for the check
interface Case {
  runs: Record<string, V>[]; // in order; the current state is what the core is given
  current: Record<string, V>;
  waive?: string[];
  /** an attestation for every database ('all') is exercised end to end below (run --framework) */
  attest?: [control: string, scope: 'this' | 'other' | 'expired'][];
  expect: Record<string, ControlStatus | `${ControlStatus}+waived`>;
}
const S = (s: Status, r: string | null = null): V => [s, r];
const one = (v: Record<string, V>, rest: Omit<Case, 'runs' | 'current'>): Case => ({ runs: [v], current: v, ...rest });

const CASES: Case[] = [
  one({ x: S('Success'), y: S('Success'), z: S('Success') }, { expect: { X: 'pass', XY: 'pass', XYZ: 'pass', XR: 'pass', M: 'manual' } }),
  one({ x: S('Warning'), y: S('Success'), z: S('Error') }, { waive: ['x'],
    expect: { X: 'fail+waived', XY: 'fail+waived', XYZ: 'fail', XR: 'fail+waived', M: 'manual' } }),
  one({ x: S('Failed', 'insufficient_privilege'), y: S('Success'), z: null }, { attest: [['XR', 'this']],
    expect: { X: 'could_not_verify', XY: 'could_not_verify', XYZ: 'could_not_verify', XR: 'could_not_verify', M: 'manual' } }),
  one({ x: S('Skipped', 'version'), y: S('Skipped', 'not_applicable_managed'), z: S('Skipped', 'host_agent_required') }, { attest: [['M', 'this']],
    expect: { X: 'not_applicable', XY: 'not_applicable', XYZ: 'could_not_verify', XR: 'not_applicable', M: 'attested' } }),
  one({ x: S('Info'), y: S('Success'), z: S('Skipped', 'deadline') }, { attest: [['XR', 'this'], ['M', 'other']],
    expect: { X: 'manual', XY: 'manual', XYZ: 'could_not_verify', XR: 'attested', M: 'manual' } }),
  one({ x: S('Info'), y: S('Skipped', 'version'), z: S('Success') }, { attest: [['XR', 'expired'], ['M', 'this']],
    expect: { X: 'manual', XY: 'manual', XYZ: 'manual', XR: 'manual', M: 'attested' } }),
  // x and y never reported: no verdict is never a pass (a database appears once a run stored a result there)
  one({ z: S('Success') }, { expect: { X: 'could_not_verify', XY: 'could_not_verify', XYZ: 'could_not_verify', XR: 'could_not_verify', M: 'manual' } }),
  one({ x: S('Error'), y: S('Failed'), z: S('Warning') }, { waive: ['x', 'z', 'y'],
    expect: { X: 'fail+waived', XY: 'fail+waived', XYZ: 'fail+waived', XR: 'fail+waived', M: 'manual' } }),
  // an evaluated verdict is the current state even when a later run skipped the check
  { runs: [{ x: S('Warning'), y: S('Success'), z: S('Success') }, { x: S('Skipped', 'host_agent_required'), y: S('Success') }],
    current: { x: S('Warning'), y: S('Success'), z: S('Success') },
    expect: { X: 'fail', XY: 'fail', XYZ: 'fail', XR: 'fail', M: 'manual' } },
  // a later pass fixes it; z was only ever skipped as not applicable
  { runs: [{ x: S('Error'), z: S('Skipped', 'version') }, { x: S('Success'), y: S('Success'), z: S('Skipped', 'version') }],
    current: { x: S('Success'), y: S('Success'), z: S('Skipped', 'version') },
    expect: { X: 'pass', XY: 'pass', XYZ: 'pass', XR: 'pass', M: 'manual' } },
];

let server: Cluster;
let db: pg.Client;
const scopeOf = (i: number) => `case_${i}`;

function reportOf(scope: string, verdicts: Record<string, V>) {
  const results = CHECKS.filter((id) => verdicts[id]).map((id) => ({
    section: 's', check_id: id, name: id, description: id, severity: 'medium', cis: null,
    status: verdicts[id]![0], skip_reason: verdicts[id]![1], short_description: `evidence of ${id} in ${scope}`,
    full_description: '', recommendation: '', executors: [], duration_ms: 1,
  }));
  return {
    format: 'sec_check-report', format_version: 1, tool: { name: 'sec_check', version: 'test', build_id: 'test' },
    report: { header: 'twin', report_name: REPORT_NAME, description: 'twin' },
    run: { locale: 'en', groups: null, server: { database: scope } }, sections: [{ key: 's', header: 's', description: '' }],
    summary: { total: results.length, by_status: {} }, results,
  };
}

before(async () => {
  server = await startWithSecCheck();
  db = await server.connect();
  const config = {
    header: 'twin', report_name: REPORT_NAME, description: 'twin',
    section: { s: { header: 's', description: 's', items: CHECKS.map((id) => ({ name: id, id, description: id, executors: [], validators: [] })) } },
    frameworks: [FRAMEWORK],
  };
  await db.query(`SELECT sec_check.upload_pack($1, $2::jsonb)`, [PACK_NAME, JSON.stringify({ configName: 'config.json', config, files: {}, locales: {} })]);
  for (const [i, k] of CASES.entries()) {
    const scope = scopeOf(i);
    for (const run of k.runs) {
      await db.query(`SELECT sec_check.store_run($1::jsonb, 'database', current_user, now(), 'pljs', $2, NULL)`, [JSON.stringify(reportOf(scope, run)), PACK_NAME]);
    }
    for (const id of k.waive ?? []) await db.query(`SELECT sec_check.waive($1, 'accepted', now() + interval '1 day', $2)`, [id, scope]);
    for (const [control, where] of k.attest ?? []) {
      if (where === 'expired') {
        await db.query(`INSERT INTO sec_check.attestations (framework, control_id, scope, attested_by, note, expires_at)
          VALUES ('twin', $1, $2, 'Eve', 'old', now() - interval '1 hour')`, [control, scope]);
      } else {
        await db.query(`SELECT sec_check.attest('twin', $1, 'Alice', 'checked', now() + interval '1 day', $2)`,
          [control, where === 'this' ? scope : 'some_other_db']);
      }
    }
  }
});
after(async () => {
  await db?.end();
  await server?.stop();
});

test('twin: the core and sec_check.compliance_status give every case the table\'s verdicts', async () => {
  const framework = checkFramework(FRAMEWORK, 'twin', CHECKS.map((id) => ({ id, cis: null }))).framework!;
  const waivers = await fetchActiveWaivers(db);
  const attestations = await fetchActiveAttestations(db);
  assert.equal(attestations.state, 'ok');
  for (const [i, k] of CASES.entries()) {
    const scope = scopeOf(i);
    const expected = Object.fromEntries(Object.entries(k.expect).map(([c, s]) => [c, s]));
    const results: ResultLike[] = CHECKS.filter((id) => k.current[id]).map((id) => ({
      check_id: id, status: k.current[id]![0], skip_reason: k.current[id]![1], short_description: `evidence of ${id} in ${scope}`,
    }));
    const core = evaluateFramework(framework, results, {
      scope, attestations: attestations.attestations,
      isWaived: (r) => waiverFor({ check_id: r.check_id, name: r.check_id, section: 's', status: r.status } as CheckResult, scope, waivers.waivers) !== undefined,
    });
    const coreGot = Object.fromEntries(core.controls.map((c) => [c.id, `${c.status}${c.waived ? '+waived' : ''}`]));
    assert.deepEqual(coreGot, expected, `core, case ${i}`);
    const { rows } = await db.query(`SELECT control_id, status, waived, attestation_id FROM sec_check.compliance_status
      WHERE scope = $1 AND framework = 'twin' ORDER BY ordinal`, [scope]);
    const sqlGot = Object.fromEntries(rows.map((r) => [r.control_id, `${r.status}${r.waived ? '+waived' : ''}`]));
    assert.deepEqual(sqlGot, expected, `SQL, case ${i}`);
    // the same attestation decides on both sides
    for (const c of core.controls) {
      const row = rows.find((r) => r.control_id === c.id);
      const sqlAttester = row.attestation_id === null ? null
        : (await db.query('SELECT attested_by FROM sec_check.active_attestations WHERE id = $1', [row.attestation_id])).rows[0].attested_by;
      assert.equal(sqlAttester, c.attestation?.attested_by ?? null, `case ${i} control ${c.id}: attestation`);
    }
  }
});

test('twin: the deciding checks and their evidence are the same on both sides', async () => {
  const { rows } = await db.query(`SELECT checks FROM sec_check.compliance_status WHERE scope = 'case_2' AND framework = 'twin' AND control_id = 'XYZ'`);
  assert.deepEqual(rows[0].checks.map((c: { check_id: string; status: string | null; skip_reason: string | null; short_description: string | null }) =>
    [c.check_id, c.status, c.skip_reason, c.short_description]),
  [['x', 'Failed', 'insufficient_privilege', 'evidence of x in case_2'], ['y', 'Success', null, 'evidence of y in case_2'], ['z', null, null, null]]);
  const score = await db.query(`SELECT pass, fail, could_not_verify, manual, attested, not_applicable, waived, score::float8 AS score
    FROM sec_check.compliance_score WHERE scope = 'case_1' AND framework = 'twin'`);
  assert.deepEqual(score.rows[0], { pass: '0', fail: '4', could_not_verify: '0', manual: '1', attested: '0', not_applicable: '0', waived: '3', score: 0 });
});

test('the built-in frameworks end to end: an in-database run, compliance() and report --framework agree on every control', async () => {
  await db.query(`SELECT count(*) FROM sec_check.run()`);
  const out = tempPrefix('compliance');
  const res = await cli(['report', '--run', 'latest', ...connArgs(server), '--framework', 'cis-pg17,stig-pg16', '--format', 'Full', '--output', out]);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stderr, /^compliance cis-pg17: score \d+(\.\d)?% \(\d+\/\d+\); \d+ pass, \d+ fail/m);
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  assert.deepEqual(report.compliance.map((s: { framework: { id: string } }) => s.framework.id), ['cis-pg17', 'stig-pg16']);
  for (const section of report.compliance) {
    const { rows } = await db.query(`SELECT control_id, status, waived FROM sec_check.compliance($1)`, [section.framework.id]);
    assert.equal(rows.length, section.controls.length, section.framework.id);
    assert.deepEqual(rows.map((r) => [r.control_id, r.status, r.waived]),
      section.controls.map((c: { id: string; status: string; waived: boolean }) => [c.id, c.status, c.waived]), section.framework.id);
    const statuses = new Set(rows.map((r) => r.status));
    for (const s of ['pass', 'fail', 'manual']) assert.ok(statuses.has(s), `${section.framework.id} has ${s} controls`);
  }
  const html = readFileSync(`${out}_web/index.html`, 'utf8');
  assert.match(html, /<section id="compliance"><h2>Compliance<\/h2>/);
  assert.match(html, /id="cc-cis-pg17-3\.1\.20"/);
  // a later partial run: the current state (report's default) is what compliance() judges too
  await server.alterSystem({ log_disconnections: 'on' }, 'reload');
  await server.query(`SELECT count(*) FROM sec_check.run(ARRAY['logging'])`);
  const current = tempPrefix('compliance-current');
  const cur = await cli(['report', ...connArgs(server), '--framework', 'cis-pg17', '--format', 'Json', '--output', current]);
  assert.equal(cur.code, 0, cur.stderr);
  const section = JSON.parse(readFileSync(`${current}.json`, 'utf8')).compliance[0];
  const { rows } = await db.query(`SELECT control_id, status, waived FROM sec_check.compliance('cis-pg17')`);
  assert.deepEqual(rows.map((r) => [r.control_id, r.status, r.waived]),
    section.controls.map((c: { id: string; status: string; waived: boolean }) => [c.id, c.status, c.waived]));
  assert.equal(rows.find((r) => r.control_id === '3.1.21').status, 'pass', `the newer partial run decides 3.1.21: ${JSON.stringify(rows.find((r) => r.control_id === '3.1.21'))}`);
  assert.notEqual(rows.find((r) => r.control_id === '6.8').status, 'could_not_verify', 'the full run still decides 6.8');
  await server.alterSystem({ log_disconnections: 'off' }, 'reload');
});

test('attest: a manual CIS control becomes attested (never a pass), expires, is revoked; refusals name what is wrong', async () => {
  const status = async (control: string) => (await db.query(`SELECT status, attested_by, attestation_note FROM sec_check.compliance('cis-pg17') WHERE control_id = $1`, [control])).rows[0];
  assert.equal((await status('1.1')).status, 'manual');
  await db.query(`SELECT sec_check.attest('cis-pg17', '1.1', 'Dana Auditor', 'PGDG repo pinned, key 0xACCC4CF8', now() + interval '2 seconds')`);
  assert.deepEqual(await status('1.1'), { status: 'attested', attested_by: 'Dana Auditor', attestation_note: 'PGDG repo pinned, key 0xACCC4CF8' });
  // attestations expire like waivers: wait for the clock
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal((await status('1.1')).status, 'manual');
  await db.query(`SELECT sec_check.attest('cis-pg17', '1.1', 'Dana Auditor', 'renewed', now() + interval '1 year', current_database())`);
  assert.equal((await status('1.1')).status, 'attested');
  await db.query(`SELECT sec_check.unattest('cis-pg17', '1.1', current_database())`);
  assert.equal((await status('1.1')).status, 'manual');
  const trail = await db.query(`SELECT count(*)::int AS n FROM sec_check.attestations WHERE control_id = '1.1'`);
  assert.equal(trail.rows[0].n, 2, 'rows stay as the trail');
  const refused: [string, RegExp][] = [
    [`SELECT sec_check.attest('nist', '1.1', 'x', 'y', now() + interval '1 day')`, /unknown framework "nist"/],
    [`SELECT sec_check.attest('cis-pg17', '9.9', 'x', 'y', now() + interval '1 day')`, /framework "cis-pg17" has no control "9\.9"/],
    [`SELECT sec_check.attest('cis-pg17', '3.1.20', 'x', 'y', now() + interval '1 day')`, /control "3\.1\.20" of "cis-pg17" is decided by checks only; it cannot be attested/],
    [`SELECT sec_check.attest('cis-pg17', '1.1', ' ', 'y', now() + interval '1 day')`, /p_by must name the person/],
    [`SELECT sec_check.attest('cis-pg17', '1.1', 'x', '', now() + interval '1 day')`, /needs a note/],
    [`SELECT sec_check.attest('cis-pg17', '1.1', 'x', 'y', now() - interval '1 day')`, /p_until must be in the future/],
    [`SELECT * FROM sec_check.compliance('nist')`, /unknown framework "nist"/],
    [`SELECT sec_check.unattest('cis-pg17', '1.2')`, /no attestation in force for control "1\.2"/],
  ];
  for (const [sql, expected] of refused) {
    const e = await db.query(sql).then(() => null, (x: Error) => x);
    assert.match(e?.message ?? 'accepted', expected, sql);
  }
});

test('a dashboard role reads compliance without evidence and cannot attest; an evidence reader sees the evidence', async () => {
  await db.query(`CREATE ROLE compliance_dash LOGIN; SELECT sec_check.grant_read_access('compliance_dash')`);
  await db.query(`CREATE ROLE compliance_evidence LOGIN; SELECT sec_check.grant_read_access('compliance_evidence'); SELECT sec_check.grant_evidence_access('compliance_evidence')`);
  const dash = await server.connect('compliance_dash');
  const reader = await server.connect('compliance_evidence');
  try {
    const texts = async (c: pg.Client) => (await c.query(`SELECT checks FROM sec_check.compliance('cis-pg17') WHERE control_id = '3.1.20'`)).rows[0].checks[0].short_description;
    assert.equal(await texts(dash), null, 'texts are evidence: NULL for a dashboard role');
    assert.match(await texts(reader), /log_connections/);
    assert.ok((await dash.query(`SELECT count(*)::int AS n FROM sec_check.compliance_score WHERE framework = 'cis-pg17'`)).rows[0].n >= 1);
    const e = await dash.query(`SELECT sec_check.attest('cis-pg17', '1.1', 'x', 'y', now() + interval '1 day')`).then(() => null, (x: Error) => x);
    assert.match(e?.message ?? 'allowed', /permission denied/);
  } finally {
    await dash.end();
    await reader.end();
  }
});

test('run --framework with an attestation in the server; bad --framework input is one line, exit 2, nothing written', async () => {
  await db.query(`SELECT sec_check.attest('stig-pg16', 'V-261882', 'Dana Auditor', 'install account reviewed', now() + interval '30 days')`);
  const out = tempPrefix('run-fw');
  const ok = await cli(['run', ...connArgs(server), '--groups', 'logging', '--framework', 'stig-pg16', '--format', 'Json', '--output', out, '--fail-on', 'never']);
  assert.equal(ok.code, 0, ok.stderr);
  const section = JSON.parse(readFileSync(`${out}.json`, 'utf8')).compliance[0];
  const att = section.controls.find((c: { id: string }) => c.id === 'V-261882');
  assert.equal(att.status, 'attested');
  assert.equal(att.attestation.attested_by, 'Dana Auditor');
  // --groups logging: controls decided by checks of other groups have no verdict: never a pass
  assert.equal(section.controls.find((c: { id: string }) => c.id === 'V-261891').status, 'could_not_verify');

  const dir = tempPrefix('bad-fw');
  const missing = `${dir}-missing-check.json`;
  writeFileSync(missing, JSON.stringify({ ...FRAMEWORK, id: 'mine', controls: [{ id: 'A-1', title: 'a', checks: ['log_connections', 'no_such_check'] }] }));
  const notJson = `${dir}-broken.json`;
  writeFileSync(notJson, '{"id":');
  const cases: [string[], RegExp][] = [
    [['--framework', 'nist-800-53'], /^sec-check run: --framework: unknown framework "nist-800-53" \(this pack maps: cis-pg17, stig-pg16; or give a framework\.json file\)$/],
    [['--framework', missing], new RegExp(`^sec-check run: --framework: ${missing.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: controls\\[0\\]\\.checks\\[1\\]: no check "no_such_check" in the pack$`)],
    [['--framework', notJson], /^sec-check run: --framework .*broken\.json: not valid JSON/],
    [['--framework', `${dir}-absent.json`], /^sec-check run: --framework \S*absent\.json: file not found$/],
    [['--framework', 'cis-pg17,cis-pg17'], /^sec-check run: --framework: framework "cis-pg17" given twice$/],
  ];
  for (const [args, expected] of cases) {
    const prefix = tempPrefix('bad');
    const res = await cli(['run', ...connArgs(server), ...args, '--output', prefix]);
    assert.equal(res.code, 2, `${args.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr.trim(), expected);
    assert.equal(res.stderr.trim().split('\n').length, 1, 'one line');
    assert.equal(res.stdout, '');
    assert.ok(!existsSync(`${prefix}.json`) && !existsSync(`${prefix}_web`), 'nothing written');
  }
  // a pack of one's own carrying a mapping to a check it does not have: refused before connecting
  const config = { ...configOf('s', [{ name: 'one', id: 'one', executors: [{ script: 'q.sql' }], validators: [{ script: 'v.lua' }] }]),
    frameworks: [{ id: 'mine', title: 'Mine', version: '1', publisher: 'me', controls: [{ id: 'M-1', title: 'm', checks: ['two'] }] }] };
  const packPath = writePack({ 'config.json': config, 'q.sql': 'SELECT 1 AS one', 'v.lua': luaReturning('Success') });
  const packPrefix = tempPrefix('bad-pack-fw');
  const packRun = await cli(['run', ...connArgs(server), '--config', packPath, '--output', packPrefix]);
  assert.equal(packRun.code, 2, packRun.stderr);
  assert.match(packRun.stderr.trim(), /^sec-check run: .*config\.json: frameworks\[0\]: controls\[0\]\.checks\[0\]: no check "two" in the pack$/);
  assert.ok(!existsSync(`${packPrefix}.json`));
  const rep = await cli(['report', '--run', 'latest', ...connArgs(server), '--framework', 'nope', '--output', tempPrefix('bad-report')]);
  assert.equal(rep.code, 2);
  assert.match(rep.stderr, /^sec-check report: --framework: unknown framework "nope"/);
});
