// The runner against a scripted fake host: every branch of audit() (version gates, executor
// errors, shell checks in the database, deadline, validator failures and budgets, locale
// fallback) without a server. The runner is a generator that yields host requests; the fake
// host answers them from a script and records what was asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostAnswer, HostRequest, Work } from '../../src/core/host.ts';
import { compilePack, type Pack } from '../../src/core/pack.ts';
import { audit, wrapSelect, type AuditOptions } from '../../src/core/runner.ts';
import type { CheckResult, Report } from '../../src/core/report.ts';
import engineJson from '../../localizations/engine.json';

interface Script {
  /** server_version_num the fake server reports. */
  versionNum: number;
  /** Executor SQL text → its rows, or an error message. */
  queries?: Record<string, Record<string, unknown>[] | { error: string }>;
  /** Shell script path → its answer; missing paths answer "unavailable" (the database). */
  shell?: Record<string, HostAnswer>;
}

/** Drives the generator to the end, answering from the script; returns the report and the requests. */
function drive(work: Work<Report>, script: Script): { report: Report; asked: HostRequest[] } {
  const asked: HostRequest[] = [];
  const sqlAnswers = new Map<string, Record<string, unknown>[] | { error: string }>();
  for (const [sql, answer] of Object.entries(script.queries ?? {})) sqlAnswers.set(wrapSelect(sql), answer);
  const major = Math.floor(script.versionNum / 10000);
  sqlAnswers.set('server', [{
    version_num: script.versionNum, version: `${major}.${script.versionNum % 10000}`, database: 'postgres',
    run_by: 'auditor', port: 5432, data_directory: null, hba_file: null,
  }]);
  let step = work.next(undefined as unknown as HostAnswer);
  while (!step.done) {
    const request = step.value;
    asked.push(request);
    let answer: HostAnswer;
    if (request.kind === 'query') {
      const scripted = request.sql.includes("current_setting('server_version_num')") ? sqlAnswers.get('server') : sqlAnswers.get(request.sql);
      if (scripted === undefined) throw new Error(`the script has no answer for: ${request.sql}`);
      answer = Array.isArray(scripted)
        ? { ok: true, rows: [{ sec_check_rows: JSON.stringify(scripted) }] }
        : { ok: false, error: scripted.error };
    } else if (request.kind === 'shell') {
      answer = script.shell?.[request.script] ?? { ok: false, unavailable: true };
    } else {
      throw new Error('a serial audit asks no checks request');
    }
    step = work.next(answer);
  }
  return { report: step.value, asked };
}

const verdictLua = (status: string, short = 'validator says so') =>
  `function validate_result() return { status = "${status}", short_description = "${short}", full_description = "", recommendation = "" } end`;

/** Echoes the first SQL row's column "v" as the short description, or the shell's stdout. */
const ECHO_LUA = `function validate_result()
  local text = sql_results and sql_results[1] and tostring(sql_results[1].v) or (result and result.stdout) or "none"
  return { status = "Success", short_description = text, full_description = "", recommendation = "" }
end`;

type Item = { name: string; id?: string; executors?: { script: string; min_ver?: string; max_ver?: string }[]; validators: { script: string; min_ver?: string; max_ver?: string }[] };

function packOf(items: Item[], files: Record<string, string>, locales: Record<string, string> = {}): Pack {
  const bounds = (r: { script: string; min_ver?: string; max_ver?: string }) => ({ script: r.script, min_ver: r.min_ver ?? 'none', max_ver: r.max_ver ?? 'none' });
  return {
    configName: 'fake/config.json',
    config: {
      header: 'fake pack', report_name: 'fake', description: 'scripted',
      section: { main: { header: 'Main', description: 'main group', items: items.map((i) => ({
        name: i.name, description: i.name, ...(i.id ? { id: i.id } : {}),
        executors: (i.executors ?? []).map(bounds), validators: i.validators.map(bounds),
      })) } },
    },
    files,
    locales,
  };
}

const OPTIONS: AuditOptions = { groups: null, locale: 'en', origin: 'database', runtime: 'pljs', toolVersion: 'test', buildId: 'test' };

function run(pack: Pack, script: Script, opts: Partial<AuditOptions> = {}): { byName: Record<string, CheckResult>; report: Report; asked: HostRequest[] } {
  const { report, asked } = drive(audit(compilePack(pack), { ...OPTIONS, ...opts }), script);
  return { byName: Object.fromEntries(report.results.map((r) => [r.name, r])), report, asked };
}

test('version gates: a check whose executors do not apply is Skipped (version) and never queried', () => {
  const pack = packOf([
    { name: 'needs 15+', executors: [{ script: 'new.sql', min_ver: '15' }], validators: [{ script: 'echo.lua' }] },
    { name: 'up to 13', executors: [{ script: 'old.sql', max_ver: '13.99.99' }], validators: [{ script: 'echo.lua' }] },
    { name: 'split by version', executors: [{ script: 'old.sql', max_ver: '13.99.99' }, { script: 'now.sql', min_ver: '14' }], validators: [{ script: 'echo.lua' }] },
    { name: 'validator gated', executors: [{ script: 'now.sql' }], validators: [{ script: 'echo.lua', min_ver: '16' }] },
  ], { 'new.sql': 'SELECT 15 AS v', 'old.sql': 'SELECT 13 AS v', 'now.sql': 'SELECT 14 AS v', 'echo.lua': ECHO_LUA });
  const { byName, asked } = run(pack, { versionNum: 140007, queries: { 'SELECT 14 AS v': [{ v: 14 }] } });

  for (const name of ['needs 15+', 'up to 13', 'validator gated']) {
    assert.equal(byName[name].status, 'Skipped', name);
    assert.equal(byName[name].skip_reason, 'version', name);
    assert.equal(byName[name].short_description, 'Not applicable to PostgreSQL 14.7.0.', name);
  }
  assert.equal(byName['needs 15+'].full_description, 'This check is limited by version (<code>new.sql: ≥ 15.0.0</code>) and the server is 14.7.0.');
  assert.deepEqual(byName['needs 15+'].executors, [{ script: 'new.sql', kind: 'sql', skipped: 'version' }]);
  assert.equal(byName['split by version'].status, 'Success');
  assert.equal(byName['split by version'].short_description, '14', 'the executor for this version ran');
  const queried = asked.filter((r) => r.kind === 'query').map((r) => r.sql);
  assert.ok(!queried.some((sql) => sql.includes('SELECT 15') || sql.includes('SELECT 13')), 'gated executors are never sent to the server');
});

test('executor errors make the check Failed (could not verify), with the server message as code, never Success', () => {
  const pack = packOf([
    { name: 'denied', executors: [{ script: 'a.sql' }], validators: [{ script: 'ok.lua' }] },
    { name: 'one of two denied', executors: [{ script: 'b.sql' }, { script: 'a.sql' }], validators: [{ script: 'ok.lua' }] },
    { name: 'shell broke', executors: [{ script: 'probe.sh' }], validators: [{ script: 'ok.lua' }] },
  ], { 'a.sql': 'SELECT * FROM pg_authid', 'b.sql': 'SELECT 1 AS v', 'probe.sh': 'exit 0', 'ok.lua': verdictLua('Success') });
  const { byName } = run(pack, {
    versionNum: 180004,
    queries: { 'SELECT * FROM pg_authid': { error: 'permission denied for table pg_authid' }, 'SELECT 1 AS v': [{ v: 1 }] },
    shell: { 'probe.sh': { ok: false, error: 'cannot run probe.sh: <spawn ENOENT>' } },
  }, { origin: 'agent', runtime: 'node' });
  for (const name of ['denied', 'one of two denied', 'shell broke']) {
    assert.equal(byName[name].status, 'Failed', name);
    // the short text names what could not be read
    assert.match(byName[name].short_description, /^Could not verify: <code>[^<]+<\/code> could not be read\.$/, name);
  }
  assert.equal(byName.denied.short_description, 'Could not verify: <code>a.sql</code> could not be read.');
  assert.equal(byName.denied.full_description,
    'The executor could not read its data, so the result is unknown: <code>a.sql: permission denied for table pg_authid</code>');
  assert.equal(byName.denied.executors[0].error, 'permission denied for table pg_authid');
  // data placed in a message cannot open markup
  assert.match(byName['shell broke'].full_description, /<code>probe\.sh: cannot run probe\.sh: &lt;spawn ENOENT&gt;<\/code>/);
});

test('a shell check in the database runtime is Skipped (host_agent_required); the agent runs it', () => {
  const pack = packOf([
    { name: 'host files', executors: [{ script: 'probe.sh' }], validators: [{ script: 'echo.lua' }] },
  ], { 'probe.sh': 'ls', 'echo.lua': ECHO_LUA });
  const inDb = run(pack, { versionNum: 180004 });
  const r = inDb.byName['host files'];
  assert.equal(r.status, 'Skipped');
  assert.equal(r.skip_reason, 'host_agent_required');
  assert.deepEqual(r.executors, [{ script: 'probe.sh', kind: 'shell', skipped: 'host_agent_required' }]);
  assert.match(r.recommendation, /<code>sec-check run --store<\/code>/);
  const shellRequest = inDb.asked.find((q) => q.kind === 'shell');
  assert.equal(shellRequest?.kind === 'shell' && shellRequest.env.PG_USER, 'auditor');

  const agent = run(pack, { versionNum: 180004, shell: { 'probe.sh': { ok: true, stdout: 'pg_hba.conf', stderr: '', return_code: 0 } } },
    { origin: 'agent', runtime: 'node' });
  assert.equal(agent.byName['host files'].status, 'Success');
  assert.equal(agent.byName['host files'].short_description, 'pg_hba.conf');
});

test('deadline: checks not started before the run deadline are Skipped (deadline) and not executed', () => {
  const pack = packOf(['a', 'b', 'c'].map((n) => ({ name: n, executors: [{ script: `${n}.sql` }], validators: [{ script: 'ok.lua' }] })),
    { 'a.sql': 'SELECT 1 AS a', 'b.sql': 'SELECT 1 AS b', 'c.sql': 'SELECT 1 AS c', 'ok.lua': verdictLua('Success') });
  let now = 0;
  // Each clock read costs 40 ms of fake time; the first check starts at once, the budget is 50 ms.
  const clock = () => (now += 40);
  const { byName, asked, report } = run(pack, { versionNum: 180004, queries: { 'SELECT 1 AS a': [{ a: 1 }] } },
    { deadlineMs: 50, clock, validatorBudget: { instructions: 1_000_000, milliseconds: 1e9 } });
  assert.equal(byName.a.status, 'Success');
  for (const n of ['b', 'c']) {
    assert.equal(byName[n].status, 'Skipped', n);
    assert.equal(byName[n].skip_reason, 'deadline', n);
    assert.equal(byName[n].short_description, 'Not run: the run deadline passed before this check started.');
    assert.deepEqual(byName[n].executors, []);
  }
  assert.equal(asked.filter((q) => q.kind === 'query').length, 2, 'the server query and check a only');
  assert.deepEqual(report.summary.by_status, { Success: 1, Info: 0, Warning: 0, Error: 0, Failed: 0, Skipped: 2 });
});

test('validator failures and budgets become Failed with the reason; the worst verdict wins; the run goes on', () => {
  const pack = packOf([
    { name: 'unknown status', executors: [{ script: 'q.sql' }], validators: [{ script: 'bad-status.lua' }] },
    { name: 'not a table', executors: [{ script: 'q.sql' }], validators: [{ script: 'number.lua' }] },
    { name: 'runtime error', executors: [{ script: 'q.sql' }], validators: [{ script: 'boom.lua' }] },
    { name: 'runaway', executors: [{ script: 'q.sql' }], validators: [{ script: 'loop.lua' }] },
    { name: 'worst wins', executors: [{ script: 'q.sql' }], validators: [{ script: 'warn.lua' }, { script: 'error.lua' }, { script: 'ok.lua' }] },
    { name: 'after them', executors: [{ script: 'q.sql' }], validators: [{ script: 'ok.lua' }] },
  ], {
    'q.sql': 'SELECT 1 AS v',
    'bad-status.lua': verdictLua('Great'),
    'number.lua': 'function validate_result() return 42 end',
    'boom.lua': 'function validate_result() error("no <rows>") end',
    'loop.lua': 'function validate_result() while true do end end',
    'warn.lua': verdictLua('Warning', 'warned'),
    'error.lua': verdictLua('Error', 'errored'),
    'ok.lua': verdictLua('Success', 'fine'),
  });
  const started = performance.now();
  const { byName } = run(pack, { versionNum: 180004, queries: { 'SELECT 1 AS v': [{ v: 1 }] } },
    { validatorBudget: { instructions: 200_000, milliseconds: 10_000 } });
  assert.ok(performance.now() - started < 2000, 'a runaway validator is stopped by its instruction budget');
  for (const name of ['unknown status', 'not a table', 'runtime error', 'runaway']) {
    assert.equal(byName[name].status, 'Failed', name);
    assert.match(byName[name].short_description, /^Could not verify: the validator <code>[^<]+\.lua<\/code> produced no verdict\.$/, name);
    assert.equal(byName[name].recommendation, 'Fix the validator script.', name);
  }
  assert.equal(byName['unknown status'].full_description,
    'The validator <code>bad-status.lua</code> returned an unknown status <code>Great</code> (expected one of <code>Success, Info, Warning, Error, Failed</code>).');
  assert.equal(byName['not a table'].full_description, 'The validator <code>number.lua</code>: validate_result() must return a table, not <code>number</code>.');
  assert.equal(byName['runtime error'].full_description, 'The validator <code>boom.lua</code> failed: <code>boom.lua:1: no &lt;rows&gt;</code>');
  assert.equal(byName.runaway.full_description, 'The validator <code>loop.lua</code> exceeded its instruction budget (200000 instructions).');
  assert.equal(byName['worst wins'].status, 'Error');
  assert.equal(byName['worst wins'].short_description, 'errored');
  assert.equal(byName['after them'].status, 'Success');
});

test('locale: engine texts come from the bundled en/ru tables when the pack lacks them; the pack can override', () => {
  const items: Item[] = [
    { name: 'gated', id: 'gated', executors: [{ script: 'q.sql', min_ver: '99' }], validators: [{ script: 'ok.lua' }] },
    { name: 'denied', executors: [{ script: 'q.sql' }], validators: [{ script: 'ok.lua' }] },
    { name: 'host', executors: [{ script: 'p.sh' }], validators: [{ script: 'ok.lua' }] },
    { name: 'broken validator', executors: [{ script: 'open.sql' }], validators: [{ script: 'bad.lua' }] },
  ];
  const files = { 'q.sql': 'SELECT secret FROM hidden', 'open.sql': 'SELECT 1 AS v', 'p.sh': 'true', 'ok.lua': verdictLua('Success'), 'bad.lua': verdictLua('Nope') };
  const script: Script = { versionNum: 180004, queries: { 'SELECT secret FROM hidden': { error: 'permission denied for table hidden' }, 'SELECT 1 AS v': [{ v: 1 }] } };
  const ruCheck = 'gated.name,"Проверка по версии"\nsection.main.header,"Основное"\n';

  // A foreign pack with its own ru messages but no engine.* keys: the engine's ru texts.
  const ru = run(packOf(items, files, { en: 'gated.name,"Version check"\n', ru: ruCheck }), script, { locale: 'ru' });
  assert.equal(ru.byName.gated, undefined, 'the check name is localized from the pack');
  const gated = ru.report.results[0];
  assert.equal(gated.name, 'Проверка по версии');
  assert.equal(ru.report.sections[0].header, 'Основное');
  assert.equal(gated.short_description, engineJson.ru['version.short'].replace('{server}', '18.4.0'));
  assert.equal(ru.byName.denied.short_description, engineJson.ru['not_verified.short'].replace('{what}', '<code>q.sql</code>'));
  assert.equal(ru.byName.host.short_description, engineJson.ru['host_agent.short']);
  assert.equal(ru.byName['broken validator'].short_description, engineJson.ru['validator.short'].replace('{script}', '<code>bad.lua</code>'));
  assert.match(ru.byName['broken validator'].full_description, /^Валидатор <code>bad\.lua<\/code> вернул неизвестный статус <code>Nope<\/code>/);
  for (const r of ru.report.results) {
    for (const text of [r.short_description, r.full_description, r.recommendation]) {
      assert.doesNotMatch(text.replace(/<code>.*?<\/code>/g, ''), /[A-Za-z]{3,}\s+[A-Za-z]{3,}/, `English left in ${r.name}: ${text}`);
    }
  }

  // "ru_RU.UTF-8" finds the ru table; an unknown locale falls back to English.
  const ruRegion = run(packOf(items, files), script, { locale: 'ru_RU.UTF-8' });
  assert.equal(ruRegion.byName.denied.short_description, engineJson.ru['not_verified.short'].replace('{what}', '<code>q.sql</code>'));
  const de = run(packOf(items, files), script, { locale: 'de' });
  assert.equal(de.byName.denied.short_description, 'Could not verify: <code>q.sql</code> could not be read.');

  // A pack's own engine.* line wins for its locale (and adds languages the engine lacks).
  const override = run(packOf(items, files, { de: 'engine.not_verified.short,"Nicht prüfbar."\n' }), script, { locale: 'de' });
  assert.equal(override.byName.denied.short_description, 'Nicht prüfbar.');
  assert.equal(override.byName.host.short_description, engineJson.en['host_agent.short'], 'other keys still fall back to English');
});

test('the bundled engine tables have the same keys and placeholders in en and ru', () => {
  const en = engineJson.en as Record<string, string>;
  const ru = engineJson.ru as Record<string, string>;
  assert.deepEqual(Object.keys(ru).sort(), Object.keys(en).sort());
  const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
  for (const key of Object.keys(en)) assert.deepEqual(holes(ru[key]), holes(en[key]), key);
});

test('the whole fake-host suite needs no server: one audit of many checks takes milliseconds', () => {
  const items: Item[] = Array.from({ length: 50 }, (_, i) => ({ name: `c${i}`, executors: [{ script: 'q.sql' }], validators: [{ script: 'echo.lua' }] }));
  const started = performance.now();
  const { report } = run(packOf(items, { 'q.sql': 'SELECT 7 AS v', 'echo.lua': ECHO_LUA }), { versionNum: 180004, queries: { 'SELECT 7 AS v': [{ v: 7 }] } });
  assert.equal(report.summary.by_status.Success, 50);
  assert.ok(report.results.every((r) => r.short_description === '7'));
  assert.ok(performance.now() - started < 1500, `took ${(performance.now() - started).toFixed(0)} ms`);
});
