// Adding a check touches one folder: a new folder (check.json, query.sql, validate.lua,
// messages.json, fixtures.json) in a copy of checks/ is compiled into the pack, listed in
// docs/checks.md, held to the fixture coverage rule and run by the fixture runner on a real
// server, with no other file changed. The repository's checks/ is never written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileCatalog, renderChecksDoc } from '../../build/compile-catalog.ts';
import { loadPackFromConfig } from '../../src/session/node-pack.ts';
import { LOCALES } from '../../src/core/vocabulary.ts';
import { startFixtureServer, type FixtureEnv } from './fixture-hooks.ts';
import { loadFixtures, planSteps, runStep } from './fixture-runner.ts';

const ID = 'lock_wait_logging';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sec_check-new-check-'));
const checks = path.join(tmp, 'checks');
const folder = path.join(checks, 'logging', ID);
const out = (name: string) => path.join(tmp, name);

const FILES: Record<string, unknown> = {
  'check.json': {
    $schema: '../../../schema/check.schema.json',
    id: ID, name: 'log_lock_waits Config', description: 'Ensure that long lock waits are logged', severity: 'low', cis: null,
    reads: 'pg_settings (log_lock_waits)', order: 999,
    executors: [{ script: 'query.sql', min_ver: 'none', max_ver: 'none' }],
    validators: [{ script: 'validate.lua', min_ver: 'none', max_ver: 'none' }],
  },
  'query.sql': "SELECT (SELECT setting FROM pg_settings WHERE name = 'log_lock_waits') AS value\n",
  'validate.lua': [
    'function validate_result()',
    '  local row = first_row()',
    '  if row == nil or row.value == nil then return could_not_verify("pg_settings: log_lock_waits") end',
    `  if setting_on(row.value) then return verdict("Success", locale_msg("${ID}.ok"), "", locale_msg("common.no_action")) end`,
    `  return verdict("Warning", locale_msg("${ID}.bad"), "", locale_msg("${ID}.rec"))`,
    'end', '',
  ].join('\n'),
  'messages.json': {
    ok: { en: 'log_lock_waits is on.', ru: 'log_lock_waits включён.' },
    bad: { en: 'log_lock_waits is off: long lock waits are not logged.', ru: 'log_lock_waits выключен: долгие ожидания блокировок не журналируются.' },
    rec: { en: 'Set log_lock_waits = on.', ru: 'Установите log_lock_waits = on.' },
  },
  'fixtures.json': {
    $schema: '../../../schema/fixtures.schema.json',
    cases: [{
      bad: { settings: { log_lock_waits: 'off' }, expect: { status: 'Warning', text: ['log_lock_waits is off'] } },
      good: { settings: { log_lock_waits: 'on' }, expect: { status: 'Success', text: ['log_lock_waits is on'] } },
    }],
  },
};

before(() => {
  cpSync('checks', checks, { recursive: true });
  mkdirSync(folder);
  for (const [name, body] of Object.entries(FILES)) writeFileSync(path.join(folder, name), typeof body === 'string' ? body : JSON.stringify(body, null, 2));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

test('the compiler puts the new folder into the pack and docs/checks.md lists it', async () => {
  const base = await compileCatalog({ checksDir: 'checks', outDir: out('base') });
  const catalog = await compileCatalog({ checksDir: checks, outDir: out('pack') });
  assert.equal(catalog.checkCount, base.checkCount + 1);
  const item = catalog.config.section.logging.items.find((i) => i.id === ID);
  assert.ok(item, 'in section logging');
  assert.deepEqual(item.executors.map((e) => e.script), [`logging/${ID}/query.sql`]);
  assert.match(readFileSync(out(`pack/logging/${ID}/validate.lua`), 'utf8'), /function setting_on/, 'shared helpers put in front');
  for (const locale of LOCALES) assert.match(readFileSync(out(`pack/localizations/${locale}.loc`), 'utf8'), new RegExp(`^${ID}\\.bad,`, 'm'));
  assert.match(renderChecksDoc(catalog), new RegExp(`^\\| \`${ID}\` \\| log_lock_waits Config \\| low \\| — \\| pg_settings \\(log_lock_waits\\) \\| database \\| all \\|$`, 'm'));
  assert.doesNotMatch(renderChecksDoc(base), new RegExp(ID));
});

test('the coverage rule holds the new SQL check to two verdicts', async () => {
  const fixtures = path.join(folder, 'fixtures.json');
  const saved = readFileSync(fixtures, 'utf8');
  const compileError = async () => {
    try { await compileCatalog({ checksDir: checks, outDir: out('coverage') }); return ''; } catch (e) { return (e as Error).message; }
  };
  try {
    rmSync(fixtures);
    assert.match(await compileError(), new RegExp(`logging/${ID}/fixtures\\.json: file is missing`));
    const oneSided = JSON.parse(saved);
    oneSided.cases[0].good.expect.status = 'Warning';
    writeFileSync(fixtures, JSON.stringify(oneSided));
    assert.match(await compileError(), new RegExp(`logging/${ID}/fixtures\\.json: cases: the check must be shown giving two statuses .* found Warning`));
    const typo = JSON.parse(saved);
    typo.cases[0].bad.expect.status = 'Warn';
    writeFileSync(fixtures, JSON.stringify(typo));
    assert.match(await compileError(), new RegExp(`logging/${ID}/fixtures\\.json: cases\\[0\\]\\.bad\\.expect\\.status: expected the status: Success, Info, Warning, Error, Failed or Skipped, found "Warn"`));
  } finally { writeFileSync(fixtures, saved); }
  assert.equal(await compileError(), '');
});

test('the fixture runner finds the new case and runs it on a real server', async () => {
  const cases = loadFixtures(checks).filter((k) => k.id === ID);
  assert.equal(cases.length, 1);
  assert.equal(loadFixtures('checks').filter((k) => k.id === ID).length, 0, 'the repository checks/ is untouched');
  await compileCatalog({ checksDir: checks, outDir: out('run') });
  const pack = loadPackFromConfig(out('run/config.json'));
  let env: FixtureEnv | undefined;
  try {
    env = await startFixtureServer(18);
    const steps = planSteps(cases, 18);
    assert.deepEqual(steps.map((s) => s.name), ['bad', 'good']);
    for (const step of steps) {
      const outcome = await runStep(env, pack, step);
      assert.deepEqual(outcome.wrong, []);
      assert.equal(outcome.compared, 1);
    }
    // the runner reports a verdict that differs from the fixture
    const wrong = structuredClone(cases);
    wrong[0].steps[0].step.expect = { status: 'Success' };
    const outcome = await runStep(env, pack, planSteps(wrong, 18)[0]);
    assert.equal(outcome.wrong.length, 1);
    assert.match(outcome.wrong[0], new RegExp(`^${ID} \\(bad\\): status Warning, expected Success`));
  } finally { await env?.stop(); }
});
