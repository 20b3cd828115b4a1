#!/usr/bin/env node
// Project test entry (`npm test`): build if there is a build script, then run the test
// files with node:test. Files run several at a time (each starts its own throwaway
// PostgreSQL servers on its own ports and directories), except those marked with a line
//   // test-runner: alone (why)
// near their top: tests of timing budgets and anything that needs the machine to itself.
// Those run one at a time after the others.
//
//   node test/run.mjs                 all test/**/*.test.ts
//   node test/run.mjs harness unit    only files whose path contains "harness" or "unit"
//   node test/run.mjs --test-name-pattern=pljs harness   flags starting with "-" go to node
//   node test/run.mjs --no-build harness                 skip build.mjs (or SEC_CHECK_NO_BUILD=1)
//   node test/run.mjs --jobs=2        files at once (default: SEC_CHECK_TEST_JOBS, else 3)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ownFlags = (a) => a === '--no-build' || a.startsWith('--jobs=');
const args = process.argv.slice(2).filter((a) => !ownFlags(a));
const skipBuild = process.argv.includes('--no-build') || process.env.SEC_CHECK_NO_BUILD === '1';
const jobsText = process.argv.find((a) => a.startsWith('--jobs='))?.slice('--jobs='.length) ?? process.env.SEC_CHECK_TEST_JOBS ?? '3';
const jobs = Number(jobsText);
if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) {
  console.error(`test/run.mjs: --jobs: a whole number from 1 to 16, not ${JSON.stringify(jobsText)}`);
  process.exit(2);
}
const filters = args.filter((a) => !a.startsWith('-'));
const nodeFlags = args.filter((a) => a.startsWith('-'));

if (!process.env.SEC_CHECK_NO_PREREQS) {
  const { ensurePrereqs } = await import('../scripts/prereqs.mjs');
  ensurePrereqs();
}

if (!skipBuild && existsSync(path.join(root, 'build.mjs'))) {
  const b = spawnSync(process.execPath, ['build.mjs'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) {
    console.error(`test/run.mjs: build.mjs failed (${b.signal ?? `exit ${b.status}`})`);
    process.exit(b.status ?? 1);
  }
}

function walk(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'fixtures' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out;
}

const files = walk(path.join(root, 'test'))
  .sort()
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error(`test/run.mjs: no test files match ${JSON.stringify(filters)}`);
  process.exit(1);
}

/** A file that must not share the machine with other test files (marked near its top). */
const runsAlone = (f) => /^\/\/ test-runner: alone\b/m.test(readFileSync(path.join(root, f), 'utf8').slice(0, 4000));
const alone = files.filter(runsAlone);
const together = files.filter((f) => !alone.includes(f));

let child = null;
// pass Ctrl-C / termination on so the test processes can tear their clusters down
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child?.kill(sig));

function runBatch(batch, concurrency) {
  return new Promise((done) => {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...nodeFlags, ...batch],
      { cwd: root, stdio: 'inherit' },
    );
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

let code = 0;
const started = Date.now();
const times = [];
for (const [batch, concurrency, label] of [[together, jobs, `${together.length} files, ${jobs} at a time`], [alone, 1, `${alone.length} files marked alone, one at a time`]]) {
  if (batch.length === 0) continue;
  const t0 = Date.now();
  code = Math.max(code, await runBatch(batch, concurrency));
  times.push(`${label}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
console.log(`test/run.mjs: ${times.join('; ')}; total ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(code);
