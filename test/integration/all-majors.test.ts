// The built-in catalog through the CLI on every supported major, 13 to 18: as superuser no
// check may fail to evaluate (a Failed here means SQL that does not run on that version).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ensureInstall, startCluster, type PgMajor } from '../../src/harness/index.ts';
import { CATALOG, cli, connArgs, tempPrefix } from './support.ts';

const MAJORS: PgMajor[] = [13, 14, 15, 16, 17, 18];

for (const major of MAJORS) {
  test(`PostgreSQL ${major}: every check evaluates`, async () => {
    const cluster = await startCluster(await ensureInstall(major, { extras: false }));
    try {
      const out = tempPrefix(`pg${major}`);
      const res = await cli(['run', ...connArgs(cluster), '--config', CATALOG, '--format', 'Json', '--output', out, '--fail-on', 'never']);
      assert.equal(res.code, 0, res.stderr);
      const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
      assert.equal(Math.floor(report.run.server.version_num / 10000), major);
      const failed = report.results.filter((r: { status: string }) => r.status === 'Failed')
        .map((r: { check_id: string; full_description: string }) => `${r.check_id}: ${r.full_description.slice(0, 200)}`);
      assert.deepEqual(failed, [], `checks that could not be evaluated on ${major}`);
      const logConnections = report.results.find((r: { check_id: string }) => r.check_id === 'log_connections');
      const ran = logConnections.executors.filter((e: { skipped?: string }) => !e.skipped).map((e: { script: string }) => e.script);
      assert.deepEqual(ran, ['logging/log_connections/query.sql']); // one query: the settings fact reads its meaning per major
      console.log(`PostgreSQL ${major}: ${JSON.stringify(report.summary.by_status)}`);
    } finally {
      await cluster.stop();
    }
  });
}
