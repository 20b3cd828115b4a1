#!/usr/bin/env node
// Project test entry (`npm test`): build if there is a build script, then run the test
// files with node:test, one file at a time (each may start real PostgreSQL servers).
//
//   node test/run.mjs                 all test/**/*.test.ts
//   node test/run.mjs harness unit    only files whose path contains "harness" or "unit"
//   node test/run.mjs --test-name-pattern=pljs harness   flags starting with "-" go to node
//   node test/run.mjs --no-build harness                 skip build.mjs (or SEC_CHECK_NO_BUILD=1)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2).filter((a) => a !== '--no-build');
const skipBuild = process.argv.includes('--no-build') || process.env.SEC_CHECK_NO_BUILD === '1';
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

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...nodeFlags, ...files],
  { cwd: root, stdio: 'inherit' },
);
// pass Ctrl-C / termination on so the test processes can tear their clusters down
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
