// `npm run bench` (part): the setting-spellings differential suite in its bench mode, ten times
// the cases `npm test` runs (SEC_CHECK_DIFF_SCALE, default 10 here; the seed from
// SEC_CHECK_DIFF_SEED or the suite's default). Prints the suite's own summary lines.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');
const started = performance.now();
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/differential/settings.test.ts'], {
  cwd: repo, encoding: 'utf8', env: { ...process.env, SEC_CHECK_DIFF_SCALE: process.env.SEC_CHECK_DIFF_SCALE ?? '10' },
});
const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /seed \d+:|^ℹ (pass|fail)|^\s+\+ {3}/.test(l));
console.log(lines.join('\n'));
console.log(`setting-spellings differential (bench mode): ${((performance.now() - started) / 1000).toFixed(0)} s, exit ${r.status}`);
if (r.status !== 0) process.exitCode = 1;
