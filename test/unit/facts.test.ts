// Facts (src/core/facts/): read once per run whatever number of checks name them, bound into
// each check's SQL as a jsonb literal, given to validators as facts.<id>; a fact that fails
// makes every check that reads it Failed (never a pass), a fact with no query for the server's
// version skips them. Driven by the runner against a scripted host, no server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostAnswer, HostRequest, Work } from '../../src/core/host.ts';
import { compilePack, PackError, type Pack } from '../../src/core/pack.ts';
import { audit, type AuditOptions } from '../../src/core/runner.ts';
import { bindFacts, factCte, type FactValue } from '../../src/core/facts/model.ts';
import type { Report } from '../../src/core/report.ts';
import { DERIVERS } from '../../src/core/facts/derivers.ts';

const OPTIONS: AuditOptions = { groups: null, locale: 'en', origin: 'database', runtime: 'pljs', toolVersion: 'test', buildId: 'test' };

/** Answers the runner: the server row, the fact query (by marker text), and executors. */
function drive(work: Work<Report>, answer: (sql: string) => Record<string, unknown>[] | { error: string; sqlstate?: string }): { report: Report; asked: string[] } {
  const asked: string[] = [];
  let step = work.next(undefined as unknown as HostAnswer);
  while (!step.done) {
    const request = step.value as HostRequest;
    if (request.kind !== 'query') throw new Error(`unexpected ${request.kind}`);
    asked.push(request.sql);
    let reply: HostAnswer;
    if (request.sql.includes("current_setting('server_version_num')")) {
      reply = { ok: true, rows: [{ sec_check_rows: JSON.stringify([{ version_num: 160004, version: '16.4', database: 'postgres', run_by: 'auditor', port: 5432 }]) }] };
    } else {
      const a = answer(request.sql);
      reply = Array.isArray(a) ? { ok: true, rows: [{ sec_check_rows: JSON.stringify(a) }] } : { ok: false, error: a.error, ...(a.sqlstate ? { sqlstate: a.sqlstate } : {}) };
    }
    step = work.next(reply);
  }
  return { report: step.value, asked };
}

const FACT_SQL = 'SELECT rolname, rolsuper FROM pg_roles /* the fact */';
const ROLES_FACT = {
  id: 'roles', description: 'roles', reads: 'pg_roles',
  columns: [['rolname', 'name'], ['rolsuper', 'boolean']],
  executors: [{ script: '_facts/roles/query.sql', min_ver: 'none', max_ver: 'none' }],
};
/** The SQL of a check that counts superusers from the fact. */
const CHECK_SQL = `WITH ${factCte({ id: 'roles', columns: [['rolname', 'name'], ['rolsuper', 'boolean']] })}SELECT count(*) FILTER (WHERE rolsuper) AS n FROM roles`;
const LUA_FROM_FACT = `function validate_result()
  local names = {}
  for _, r in ipairs(facts.roles) do if r.rolsuper then names[#names + 1] = r.rolname end end
  return { status = #names > 0 and "Warning" or "Success", short_description = table.concat(names, ","), full_description = "", recommendation = "" }
end`;

function pack(facts: unknown[] = [ROLES_FACT], itemFacts: string[] = ['roles']): Pack {
  const item = (name: string) => ({
    name, description: name, id: name,
    executors: [{ script: 'q.sql', min_ver: 'none', max_ver: 'none' }],
    validators: [{ script: 'v.lua', min_ver: 'none', max_ver: 'none' }],
    facts: itemFacts,
  });
  return {
    configName: 'facts/config.json',
    config: { header: 'h', report_name: 'r', description: 'd', facts, section: { main: { header: 'M', description: 'm', items: [item('a'), item('b'), item('c')] } } },
    files: { '_facts/roles/query.sql': FACT_SQL, '_facts/roles/query_old.sql': FACT_SQL, 'q.sql': CHECK_SQL, 'v.lua': LUA_FROM_FACT },
    locales: {},
  };
}

test('a fact is read once for every check that names it, and each check sees its rows in SQL and in Lua', () => {
  const rows = [{ rolname: 'postgres', rolsuper: true }, { rolname: "o'brien $x$", rolsuper: true }, { rolname: 'app', rolsuper: false }];
  const { report, asked } = drive(audit(compilePack(pack()), OPTIONS), (sql) => {
    if (sql.includes('/* the fact */')) return rows;
    // the executor arrives with the rows bound in place of the marker
    assert.ok(!sql.includes("sec_check_fact('roles')"), 'marker replaced');
    assert.ok(sql.includes(JSON.stringify(rows)), 'rows bound as a literal');
    return [{ n: 2 }];
  });
  assert.equal(asked.filter((s) => s.includes('/* the fact */')).length, 1, 'one fact query for three checks');
  assert.deepEqual(report.results.map((r) => [r.check_id, r.status, r.short_description]), [
    ['a', 'Warning', "postgres,o'brien $x$"], ['b', 'Warning', "postgres,o'brien $x$"], ['c', 'Warning', "postgres,o'brien $x$"]]);
  assert.deepEqual(report.run.facts?.map((f) => [f.id, f.rows, f.error]), [['roles', 3, null]]);
});

test('a fact that fails makes each check that reads it Failed, naming the fact; a refused privilege is named as such', () => {
  const { report } = drive(audit(compilePack(pack()), OPTIONS), (sql) => {
    if (sql.includes('/* the fact */')) return { error: 'permission denied for table pg_authid', sqlstate: '42501' };
    throw new Error('no executor may run when its fact failed');
  });
  for (const r of report.results) {
    assert.equal(r.status, 'Failed');
    assert.equal(r.skip_reason, 'insufficient_privilege');
    assert.match(r.full_description, /fact roles/);
  }
  assert.match(report.run.facts?.[0].error ?? '', /permission denied/);
  const other = drive(audit(compilePack(pack()), OPTIONS), (sql) => (sql.includes('/* the fact */') ? { error: 'division by zero' } : [{ n: 0 }])).report;
  assert.deepEqual(other.results.map((r) => [r.status, r.skip_reason]), [['Failed', null], ['Failed', null], ['Failed', null]]);
});

test('a fact without a query for the server version skips its checks (version), and is not asked', () => {
  const old = { ...ROLES_FACT, executors: [{ script: '_facts/roles/query_old.sql', min_ver: 'none', max_ver: '15.99.99' }] };
  const { report, asked } = drive(audit(compilePack(pack([old])), OPTIONS), () => { throw new Error('nothing to ask'); });
  assert.equal(asked.length, 1, 'only the server row');
  assert.deepEqual(report.results.map((r) => [r.status, r.skip_reason]), [['Skipped', 'version'], ['Skipped', 'version'], ['Skipped', 'version']]);
});

test('facts no selected check names are not read', () => {
  const compiled = compilePack(pack([ROLES_FACT], []));
  const { asked } = drive(audit(compiled, OPTIONS), (sql) => {
    assert.ok(!sql.includes('/* the fact */'));
    return [{ n: 0 }];
  });
  assert.equal(asked.length, 4);
});

test('the pack is refused with every fact problem named', () => {
  const bad = pack([
    { ...ROLES_FACT, id: 'Bad-Id' },
    { ...ROLES_FACT, id: 'x', columns: [['ok', 'text'], ['bad name', 'text']], derive: 'nope', executors: [{ script: 'missing.sql' }] },
  ], ['roles', 'ghost']);
  assert.throws(() => compilePack(bad), (e: unknown) => {
    assert.ok(e instanceof PackError);
    const text = e.problems.join('\n');
    for (const want of ['facts[0].id', 'facts[1].columns[1]', 'facts[1].derive: unknown deriver "nope"', 'facts[1].executors[0].script: file not found: missing.sql', 'items[0].facts[0]: unknown fact "roles"', 'items[0].facts[1]: unknown fact "ghost"']) {
      assert.ok(text.includes(want), `${want} in:\n${text}`);
    }
    return true;
  });
});

test('bindFacts: the literal cannot be ended by the rows, and markers of absent or failed facts stay (the server refuses them)', () => {
  const json = JSON.stringify([{ s: '$sec_check_fact$ then $sec_check_fact1$' }]);
  const facts = new Map<string, FactValue>([['a', { ok: true, rows: [], json }], ['b', { ok: false, error: 'x' }]]);
  const out = bindFacts("SELECT sec_check_fact('a'), sec_check_fact('b'), sec_check_fact('c')", facts);
  assert.equal(out, `SELECT $sec_check_fact2$${json}$sec_check_fact2$::jsonb, sec_check_fact('b'), sec_check_fact('c')`);
});

test('a fact may read another: read first, bound into its SQL, given to its deriver; its failure fails the reader', () => {
  // a deriver that sees the base fact's rows (registered for this test only)
  DERIVERS.test_count_base = (rows, ctx) => rows.map((r) => ({ ...r, base_rows: ctx.facts.get('roles')?.length ?? -1 }));
  try {
    const derived = {
      id: 'supers', description: 'supers', reads: 'roles',
      columns: [['n', 'int'], ['base_rows', 'int']],
      executors: [{ script: '_facts/supers/query.sql', min_ver: 'none', max_ver: 'none' }],
      derive: 'test_count_base', facts: ['roles'],
    };
    const p = pack([ROLES_FACT, derived], ['supers']);
    p.files['_facts/supers/query.sql'] = `WITH ${factCte({ id: 'roles', columns: [['rolname', 'name'], ['rolsuper', 'boolean']] })}SELECT count(*) FILTER (WHERE rolsuper) AS n FROM roles /* derived */`;
    p.files['v.lua'] = `function validate_result()
  local s = facts.supers[1]
  return { status = "Info", short_description = tostring(s.n) .. "/" .. tostring(s.base_rows), full_description = "", recommendation = "" }
end`;
    const rows = [{ rolname: 'postgres', rolsuper: true }, { rolname: 'app', rolsuper: false }];
    const { report, asked } = drive(audit(compilePack(p), OPTIONS), (sql) => {
      if (sql.includes('/* the fact */')) return rows;
      if (sql.includes('/* derived */')) {
        assert.ok(sql.includes(JSON.stringify(rows)), 'the base fact is bound into the derived fact\'s query');
        return [{ n: 1 }];
      }
      return [{ n: 0 }];
    });
    assert.deepEqual(report.results.map((r) => r.short_description), ['1/2', '1/2', '1/2']);
    assert.deepEqual(report.run.facts?.map((f) => f.id), ['roles', 'supers'], 'the base fact is read although no check names it');
    assert.equal(asked.filter((s) => s.includes('/* the fact */')).length, 1);
    // the base fact fails: the derived one fails naming it, and so do its readers
    const failed = drive(audit(compilePack(p), OPTIONS), (sql) => (sql.includes('/* the fact */') ? { error: 'permission denied for table pg_authid', sqlstate: '42501' } : [{ n: 0 }])).report;
    assert.match(failed.run.facts?.find((f) => f.id === 'supers')?.error ?? '', /^fact roles: permission denied/);
    assert.deepEqual(failed.results.map((r) => [r.status, r.skip_reason]), [['Failed', 'insufficient_privilege'], ['Failed', 'insufficient_privilege'], ['Failed', 'insufficient_privilege']]);
    // a pack whose fact names one that does not come before it is refused
    assert.throws(() => compilePack(pack([derived, ROLES_FACT], ['supers'])), (e: unknown) => e instanceof PackError && e.problems.some((x) => x.includes('facts[0].facts[0]: expected the id of a fact listed before this one, found "roles"')));
  } finally {
    delete DERIVERS.test_count_base;
  }
});

test('validators get facts.<id> converted when first read: reading works by name, unknown ids are nil, an unread fact costs nothing', async () => {
  const { runValidator } = await import('../../src/core/lua/host.ts');
  const rows = Array.from({ length: 3000 }, (_, i) => ({ rolname: `r${i}`, rolsuper: i === 7 }));
  const reads = `function validate_result()
  local n, su = 0, nil
  for _, r in ipairs(facts.roles) do n = n + 1; if r.rolsuper then su = r.rolname end end
  return { status = "Success", short_description = n .. "," .. su .. "," .. tostring(facts.roles == facts.roles) .. "," .. tostring(facts.other == nil), full_description = "", recommendation = "" }
end`;
  const run = (source: string) => runValidator({ source, chunkName: 'v.lua', globals: { facts: { roles: rows } }, localeMsg: (k: string) => k, clock: () => performance.now() });
  const read = run(reads);
  assert.ok(read.ok);
  assert.equal(read.verdict.short_description, '3000,r7,true,true');
  const ignore = run('function validate_result() return { status = "Info", short_description = "", full_description = "", recommendation = "" } end');
  assert.ok(ignore.ok);
  assert.ok((ignore.instructions ?? 0) < 100, `${ignore.instructions} instructions`);
});
