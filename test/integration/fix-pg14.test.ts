// Fix scripts on PostgreSQL 14 without the extension: the CLI audits (JSON report), `fix
// --report FILE` computes the statements, PostgreSQL 18's psql applies them to the 14
// server, and the checks pass after the restart. 14 is the classic weak default: PUBLIC may
// create in schema public. Every fix query of the catalog also runs without error there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, connArgs, REPO, startPg, tempPrefix } from './support.ts';
import { psql } from './extension-catalog.ts';
import { checkStatement } from '../../src/fix/plan.ts';

let server: Cluster;
before(async () => {
  server = await startPg(14);
  await server.alterSystem({ password_encryption: 'md5', log_statement: 'none', log_min_error_statement: 'panic', debug_print_plan: 'on', log_connections: 'off' }, 'reload');
});
after(async () => { await server?.stop(); });

async function audit(): Promise<{ file: string; status: Map<string, string> }> {
  const prefix = tempPrefix('pg14');
  const res = await cli(['run', ...connArgs(server), '--format', 'Json', '--output', prefix, '--fail-on', 'never']);
  assert.equal(res.code, 0, res.stderr);
  const report = JSON.parse(readFileSync(`${prefix}.json`, 'utf8'));
  return { file: `${prefix}.json`, status: new Map(report.results.map((r: { check_id: string; status: string }) => [r.check_id, r.status])) };
}

test('every fix query of the catalog runs read-only on the weak PostgreSQL 14 and returns well-formed statements', async () => {
  const fixes = JSON.parse(readFileSync(`${REPO}/dist/catalog/fixes.json`, 'utf8'));
  const client = new pg.Client(server.clientConfig());
  await client.connect();
  const problems: string[] = [];
  let queries = 0;
  let statements = 0;
  try {
    await client.query('SET default_transaction_read_only = on');
    for (const [id, entry] of Object.entries<{ query?: string }>(fixes.checks)) {
      if (!entry.query) continue;
      queries++;
      try {
        const { rows } = await client.query(readFileSync(`${REPO}/dist/catalog/${entry.query}`, 'utf8'));
        for (const row of rows) {
          statements++;
          const c = checkStatement(row.statement);
          if ('problem' in c) problems.push(`${id}: ${c.problem}: ${JSON.stringify(row)}`);
        }
      } catch (e) {
        problems.push(`${id}: ${(e as Error).message}`);
      }
    }
  } finally { await client.end(); }
  assert.ok(queries >= 20, `only ${queries} fix queries`);
  assert.ok(statements >= 6, `only ${statements} statements on the weak server`);
  assert.deepEqual(problems, []);
});

test('PostgreSQL 14: fix --report FILE, applied with psql, turns the weak checks to Success', async () => {
  const FIXED = ['public_schema', 'password_encryption', 'log_statement', 'log_min_error_statement', 'debug_print_plan', 'log_connections', 'superuser_parameters'];
  const first = await audit();
  for (const id of FIXED) assert.ok(['Warning', 'Error'].includes(first.status.get(id) ?? ''), `${id} fails on the weak 14: ${first.status.get(id)}`);
  const out = `${tempPrefix('fix14')}.sql`;
  const res = await cli(['fix', ...connArgs(server), '--report', first.file, '--output', out]);
  assert.equal(res.code, 0, res.stderr);
  const text = readFileSync(out, 'utf8');
  assert.match(text, /^REVOKE CREATE ON SCHEMA public FROM PUBLIC;$/m);
  assert.match(text, /^-- from: report file /m);
  await psql(server, 'postgres', ['-q', '-f', out]);
  if (/^-- Requires a restart/m.test(text)) await server.restart();
  const second = await audit();
  const notFixed = FIXED.filter((id) => second.status.get(id) !== 'Success');
  assert.deepEqual(notFixed, [], notFixed.map((id) => `${id}=${second.status.get(id)}`).join(', '));
});
