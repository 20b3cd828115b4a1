// The managed profile and named privileges in the runner, without a server: a scripted host
// answers the server query (provider and what showed it, the extension owner's profile
// setting and its source, the role's privileges) and the executors (rows, or an error with
// its SQLSTATE).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostAnswer, HostRequest, Work } from '../../src/core/host.ts';
import { compilePack, type Pack } from '../../src/core/pack.ts';
import { audit, wrapSelect, type AuditOptions } from '../../src/core/runner.ts';
import type { CheckResult, Report } from '../../src/core/report.ts';
import { missingPrivilege, resolveProfile } from '../../src/core/managed.ts';

interface Facts { managed_provider?: string | null; managed_evidence?: string | null; profile_setting?: string | null; profile_source?: string | null; audit_role?: Record<string, boolean> }
type Answer = Record<string, unknown>[] | { error: string; sqlstate?: string };

function drive(work: Work<Report>, facts: Facts, queries: Record<string, Answer>): { report: Report; asked: HostRequest[] } {
  const asked: HostRequest[] = [];
  const answers = new Map(Object.entries(queries).map(([sql, a]) => [wrapSelect(sql), a]));
  const server = [{ version_num: 180004, version: '18.4', database: 'postgres', run_by: 'app_admin', port: 5432,
    data_directory: null, hba_file: null, managed_provider: null, profile_setting: null, audit_role: {}, ...facts }];
  let step = work.next(undefined as unknown as HostAnswer);
  while (!step.done) {
    const request = step.value;
    asked.push(request);
    let answer: HostAnswer;
    if (request.kind === 'query') {
      const a = request.sql.includes("current_setting('server_version_num')") ? server : answers.get(request.sql);
      if (a === undefined) throw new Error(`no answer for ${request.sql}`);
      answer = Array.isArray(a) ? { ok: true, rows: [{ sec_check_rows: JSON.stringify(a) }] } : { ok: false, ...a };
    } else if (request.kind === 'shell') {
      answer = { ok: true, stdout: 'mode=0700', stderr: '', return_code: 0 };
    } else throw new Error('serial audit');
    step = work.next(answer);
  }
  return { report: step.value, asked };
}

const lua = (body: string) => `function validate_result() ${body} end`;
const PASS = lua('return { status = "Success", short_description = "fine", full_description = "", recommendation = "" }');

function pack(): Pack {
  const items = [
    { name: 'files', id: 'pgdata_permissions', executors: ['probe.sh'], validators: ['pass.lua'] },
    { name: 'hba', id: 'host_login', executors: ['hba.sql'], validators: ['pass.lua'] },
    { name: 'mixed errors', id: 'mixed', executors: ['hba.sql', 'broken.sql'], validators: ['pass.lua'] },
    { name: 'lua says privilege', id: 'lua_priv', executors: ['ok.sql'], validators: ['priv.lua'] },
    { name: 'lua reason on a Warning', id: 'lua_warn', executors: ['ok.sql'], validators: ['warn.lua'] },
    { name: 'facts', id: 'facts', executors: ['ok.sql'], validators: ['facts.lua'] },
  ];
  const ref = (script: string) => ({ script, min_ver: 'none', max_ver: 'none' });
  return {
    configName: 'fake/config.json',
    config: { header: 'h', report_name: 'r', description: 'd', section: { main: { header: 'Main', description: 'm', items: items.map((i) => ({
      name: i.name, id: i.id, description: i.name, executors: i.executors.map(ref), validators: i.validators.map(ref) })) } } },
    files: {
      'probe.sh': 'stat -c %a "$PGDATA"',
      'hba.sql': 'SELECT * FROM pg_hba_file_rules',
      'broken.sql': 'SELECT nonsense',
      'ok.sql': 'SELECT 1 AS v',
      'pass.lua': PASS,
      'priv.lua': lua('return { status = "Failed", short_description = "needs pg_read_all_settings", full_description = "", recommendation = "", reason = "insufficient_privilege" }'),
      'warn.lua': lua('return { status = "Warning", short_description = "w", full_description = "", recommendation = "", reason = "insufficient_privilege" }'),
      'facts.lua': lua('return { status = "Info", short_description = tostring(audit_profile.applied) .. "/" .. tostring(audit_profile.provider) .. "/" .. tostring(audit_role.superuser), full_description = "", recommendation = "" }'),
    },
    locales: {},
  };
}

const QUERIES: Record<string, Answer> = {
  'SELECT * FROM pg_hba_file_rules': { error: 'permission denied for view pg_hba_file_rules', sqlstate: '42501' },
  'SELECT nonsense': { error: 'column "nonsense" does not exist', sqlstate: '42703' },
  'SELECT 1 AS v': [{ v: 1 }],
};
const OPTIONS: AuditOptions = { groups: null, locale: 'en', origin: 'agent', runtime: 'node', toolVersion: 't', buildId: 't' };

function run(facts: Facts, opts: Partial<AuditOptions> = {}): { by: Record<string, CheckResult>; report: Report; asked: HostRequest[] } {
  const { report, asked } = drive(audit(compilePack(pack()), { ...OPTIONS, ...opts }), facts, QUERIES);
  return { by: Object.fromEntries(report.results.map((r) => [r.check_id!, r])), report, asked };
}

test('self-hosted (no provider): host checks run their probe, the report says so', () => {
  const { by, report, asked } = run({ audit_role: { superuser: false } });
  assert.deepEqual(report.run.profile, { requested: 'auto', applied: 'self-hosted', provider: null, source: 'default', detected_by: null });
  assert.equal(by.pgdata_permissions.status, 'Success');
  assert.ok(asked.some((q) => q.kind === 'shell'));
  assert.equal(by.facts.short_description, 'self-hosted/nil/false');
});

test('managed (detected): host checks are Skipped naming the provider control, no probe runs', () => {
  const { by, report, asked } = run({ managed_provider: 'azure', managed_evidence: 'role azure_pg_admin' });
  assert.deepEqual(report.run.profile, { requested: 'auto', applied: 'managed', provider: 'azure', source: 'default', detected_by: 'role azure_pg_admin' });
  const r = by.pgdata_permissions;
  assert.deepEqual([r.status, r.skip_reason], ['Skipped', 'not_applicable_managed']);
  assert.equal(r.short_description, 'Not applicable on Azure Database for PostgreSQL: the provider runs the host.');
  assert.match(r.full_description, /\(detected from the provider's roles and parameters\)\. Microsoft owns the data directory/);
  assert.deepEqual(r.executors, [{ script: 'probe.sh', kind: 'shell', skipped: 'not_applicable_managed' }]);
  assert.ok(!asked.some((q) => q.kind === 'shell'), 'no probe on the CLI host');
  assert.equal(by.facts.short_description, 'managed/azure/nil');
});

test('profile precedence: option over the owner\'s setting over auto; a session cannot choose; bad values throw', () => {
  const owner = { profile_source: 'sec_check.config' };
  assert.deepEqual(run({ managed_provider: 'aws', profile_setting: 'self-hosted', ...owner }).report.run.profile,
    { requested: 'self-hosted', applied: 'self-hosted', provider: 'aws', source: 'sec_check.config', detected_by: null });
  assert.deepEqual(run({ managed_provider: null, profile_setting: 'self-hosted', ...owner }, { profile: 'managed' }).report.run.profile,
    { requested: 'managed', applied: 'managed', provider: null, source: 'option', detected_by: null });
  // the effective_config default (auto, source default) is no request at all
  assert.deepEqual(run({ managed_provider: 'gcp', managed_evidence: 'setting cloudsql.iam_authentication', profile_setting: 'auto', profile_source: 'default' }).report.run.profile,
    { requested: 'auto', applied: 'managed', provider: 'gcp', source: 'default', detected_by: 'setting cloudsql.iam_authentication' });
  assert.throws(() => run({ profile_setting: 'cloud', ...owner }), /sec_check\.effective_config \(profile\): expected one of auto, managed, self-hosted, found "cloud"/);
  assert.deepEqual(resolveProfile(undefined, '', 'gcp'), { requested: 'auto', applied: 'managed', provider: 'gcp', source: 'default', detected_by: null });
  assert.deepEqual(resolveProfile(undefined, null, 'heroku'), { requested: 'auto', applied: 'self-hosted', provider: null, source: 'default', detected_by: null });
  assert.deepEqual(resolveProfile(undefined, 'managed', null, null, 'default').requested, 'auto', 'only an owner-set value counts');
});

test('a refused executor names the privilege (insufficient_privilege); other errors stay generic', () => {
  const { by } = run({});
  const hba = by.host_login;
  assert.deepEqual([hba.status, hba.skip_reason], ['Failed', 'insufficient_privilege']);
  assert.equal(hba.short_description, 'Could not verify: the auditing role lacks <code>superuser (SELECT on pg_hba_file_rules)</code>.');
  const mixed = by.mixed;
  assert.deepEqual([mixed.status, mixed.skip_reason], ['Failed', null]);
  assert.match(mixed.short_description, /^Could not verify: <code>[^<]+<\/code>(, <code>[^<]+<\/code>)* could not be read\.$/);
});

test('a validator may mark a Failed verdict insufficient_privilege, and only a Failed one', () => {
  const { by } = run({});
  assert.deepEqual([by.lua_priv.status, by.lua_priv.skip_reason], ['Failed', 'insufficient_privilege']);
  assert.deepEqual([by.lua_warn.status, by.lua_warn.skip_reason], ['Warning', null]);
});

test('missingPrivilege reads the server message', () => {
  const cases: [string, string | null][] = [
    ['permission denied for table pg_authid', 'superuser (SELECT on pg_authid)'],
    ['permission denied for view pg_hba_file_rules', 'superuser (SELECT on pg_hba_file_rules)'],
    ['permission denied for table app_secrets', 'SELECT on app_secrets'],
    ['permission denied for function pg_read_file', 'pg_read_server_files (EXECUTE on pg_read_file)'],
    ['permission denied for function pg_ls_logdir', 'pg_monitor (EXECUTE on pg_ls_logdir)'],
    ['permission denied for schema cron', 'USAGE on schema cron'],
    ['must be superuser or have privileges of pg_read_all_settings to examine "data_directory"', 'pg_read_all_settings (or superuser)'],
    ['must be superuser to read files', 'superuser'],
    ['keine Berechtigung für Tabelle pg_authid', null],
  ];
  for (const [message, expected] of cases) assert.equal(missingPrivilege(message), expected, message);
});
