// min_ver/max_ver on two majors: a check above the older server's version is Skipped there
// (and the report says why), runs on 18; executor variants pick the one for the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, configOf, connArgs, luaReturning, startPg, startPg18WithSecCheck, tempPrefix, writePack } from './support.ts';

let pg14: Cluster;
let pg18: Cluster;
before(async () => { [pg14, pg18] = await Promise.all([startPg(14), startPg18WithSecCheck()]); });
after(async () => { await Promise.all([pg14?.stop(), pg18?.stop()]); });

const config = writePack({
  'config.json': configOf('gated', [
    { name: 'needs 15+', executors: [{ script: 'new.sql', min_ver: '15.0.0' }], validators: [{ script: 'ok.lua' }] },
    { name: 'up to 14', executors: [{ script: 'old.sql', max_ver: '14.99.99' }], validators: [{ script: 'ok.lua' }] },
    { name: 'variants', executors: [
      { script: 'v14.sql', max_ver: '14.99.99' },
      { script: 'v15.sql', min_ver: '15.0.0' },
    ], validators: [{ script: 'ok.lua' }] },
    { name: 'validator for 16+ only', executors: [{ script: 'old.sql', min_ver: 'none' }], validators: [{ script: 'ok.lua', min_ver: '16' }] },
  ]),
  'new.sql': `SELECT current_setting('server_version_num')::int AS num`,
  'old.sql': `SELECT 'old' AS era`,
  'v14.sql': `SELECT 'pre15' AS variant`,
  'v15.sql': `SELECT 'post15' AS variant`,
  'ok.lua': luaReturning('Success'),
});

async function runOn(cluster: Cluster) {
  const out = tempPrefix('gated');
  const res = await cli(['run', ...connArgs(cluster), '--config', config, '--format', 'Json', '--output', out]);
  assert.equal(res.code, 0, res.stderr);
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  return Object.fromEntries(report.results.map((r: { name: string }) => [r.name, r]));
}

test('PostgreSQL 14: the 15+ check is Skipped by version, the others run', async () => {
  const r = await runOn(pg14);
  assert.equal(pg14.versionNum < 150000, true);
  assert.equal(r['needs 15+'].status, 'Skipped');
  assert.equal(r['needs 15+'].skip_reason, 'version');
  assert.match(r['needs 15+'].short_description, /Not applicable to PostgreSQL 14\./);
  assert.match(r['needs 15+'].full_description, /new\.sql: ≥ 15\.0\.0/);
  assert.equal(r['needs 15+'].executors[0].skipped, 'version');
  assert.equal(r['up to 14'].status, 'Success');
  assert.equal(r['variants'].short_description, 'variant=pre15');
  assert.equal(r['validator for 16+ only'].status, 'Skipped');
});

test('PostgreSQL 18: the 15+ check runs, the 14-only one is Skipped', async () => {
  const r = await runOn(pg18);
  assert.equal(r['needs 15+'].status, 'Success');
  assert.match(r['needs 15+'].short_description, /^num=18\d{4}$/);
  assert.equal(r['up to 14'].status, 'Skipped');
  assert.equal(r['up to 14'].skip_reason, 'version');
  assert.equal(r['variants'].short_description, 'variant=post15');
  assert.equal(r['validator for 16+ only'].status, 'Success');
});

test('the same pack uploaded into the database gates the same way in-database', async () => {
  const up = await cli(['pack', ...connArgs(pg18), '--config', config, '--upload', 'gated']);
  assert.equal(up.code, 0, up.stderr);
  const rows = await pg18.query(`SELECT check_name, status, skip_reason, short_description FROM sec_check.run(NULL, 'en', 'gated')`);
  const r = Object.fromEntries(rows.map((x) => [x.check_name, x]));
  assert.equal(r['needs 15+'].status, 'Success');
  assert.equal(r['up to 14'].skip_reason, 'version');
  assert.equal(r['variants'].short_description, 'variant=post15');
});
