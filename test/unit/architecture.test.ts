// The house plan as a test: dependency-cruiser with the rules of .dependency-cruiser.cjs over
// src/ and build/ finds nothing, and over a small tree that breaks each rule once it finds
// exactly those breaks (so every rule is shown to bite).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type IReporterOutput } from 'dependency-cruiser';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = join(REPO, 'test/unit/fixtures/architecture');
const config = createRequire(import.meta.url)(join(REPO, '.dependency-cruiser.cjs'));

/** Violations as "rule: from -> to" lines, sorted. */
async function violations(baseDir: string, withTsConfig: boolean): Promise<string[]> {
  const { tsConfig, enhancedResolveOptions, ...options } = config.options;
  const cwd = process.cwd();
  process.chdir(baseDir);
  let result: IReporterOutput;
  try {
    result = await cruise(['src', 'build'], { ...options, validate: true, ruleSet: { forbidden: config.forbidden } } as ICruiseOptions,
      enhancedResolveOptions, withTsConfig ? { tsConfig } : undefined);
  } finally {
    process.chdir(cwd);
  }
  const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
  return output.summary.violations
    .map((v: { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] }) =>
      `${v.rule.name}: ${v.from} -> ${v.to}`)
    .sort();
}

test('src/ and build/ keep the house plan (dependency-cruiser finds no violation)', async () => {
  assert.deepEqual(await violations(REPO, true), []);
});

test('each rule bites: the fixture tree breaks every rule once and nothing else is reported', async () => {
  const found = await violations(FIXTURE, false);
  const pg = found.find((v) => v.startsWith('core-imports-runtime: src/core/npm-package.ts -> '));
  assert.ok(pg && /node_modules\/pg\//.test(pg), `core importing pg: ${JSON.stringify(found)}`);
  assert.deepEqual(found.filter((v) => v !== pg), [
    'build-imports-beyond-core: build/tool.ts -> src/session/s.ts',
    'command-imports-command: src/cli/commands/a.ts -> src/cli/commands/b.ts',
    'core-imports-runtime: src/core/node-builtin.ts -> fs',
    'core-imports-runtime: src/core/up.ts -> src/runtime/host.ts',
    'harness-apart: src/cli/main.ts -> src/harness/h.ts',
    'harness-apart: src/harness/h.ts -> src/core/ok.ts',
    'lower-floor-imports-higher: src/render/page.ts -> src/session/s.ts',
    'no-circular: src/pii/c1.ts -> src/pii/c2.ts',
    'room-imports-room: src/fleet/audit.ts -> src/agent/agent.ts',
    'src-imports-build: src/fix/plan.ts -> build/tool.ts',
  ]);
});
