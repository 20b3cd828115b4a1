// Runs every test/pgtap/*.sql suite with real pgTAP against the installed extension and
// asserts each one planned, ran and passed all of its tests (PostgreSQL 18; 15 through
// pg15/pgtap.test.ts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { runPgTapFile, type Cluster } from '../../src/harness/index.ts';
import { REPO, startWithSecCheck } from './support.ts';

const dir = join(REPO, 'test/pgtap');
let cluster: Cluster;
let client: pg.Client;
before(async () => {
  cluster = await startWithSecCheck();
  await cluster.query('CREATE EXTENSION pgtap');
  client = await cluster.connect();
});
after(async () => { await cluster?.stop(); });

for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
  test(`pgTAP ${file}`, async () => {
    const result = await runPgTapFile(client, readFileSync(join(dir, file), 'utf8'));
    assert.deepEqual(result.failures, [], result.output.join('\n'));
    assert.equal(result.failed, 0);
    assert.ok(result.planned && result.planned > 0, 'the suite declares a plan');
    assert.equal(result.passed, result.planned, result.output.join('\n'));
  });
}
