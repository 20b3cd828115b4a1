// Bad inputs of `sec-check report --sensitive-access-days`: each exits 2 with one line on
// stderr naming the value or the object, and writes no file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, connArgs, startPg18WithSecCheck, tempPrefix } from './support.ts';

let pg: Cluster;
before(async () => {
  pg = await startPg18WithSecCheck();
  await pg.query(`CREATE ROLE sens_reader LOGIN;
    SELECT sec_check.grant_audit_access('sens_reader'); SELECT sec_check.grant_evidence_access('sens_reader')`);
  await pg.query(`SELECT count(*) FROM sec_check.run('logging')`);
});
after(async () => { await pg?.stop(); });

const cases: { name: string; args: string[]; user?: string; stderr: RegExp }[] = [
  { name: 'zero days', args: ['--sensitive-access-days', '0'], stderr: /invalid --sensitive-access-days value "0": expected a whole number of days from 1 to 3650/ },
  { name: 'not a number', args: ['--sensitive-access-days', 'week'], stderr: /invalid --sensitive-access-days value "week"/ },
  { name: 'too many days', args: ['--sensitive-access-days', '99999'], stderr: /invalid --sensitive-access-days value "99999"/ },
  { name: 'a fraction', args: ['--sensitive-access-days', '1.5'], stderr: /invalid --sensitive-access-days value "1\.5"/ },
  { name: 'negative', args: ['--sensitive-access-days=-3'], stderr: /invalid --sensitive-access-days value "-3"/ },
  { name: 'no HTML format', args: ['--format', 'Json', '--sensitive-access-days', '7'], stderr: /--sensitive-access-days adds a section to the HTML report: use it with --format Html or Full/ },
  { name: 'no SELECT on sec_check.sensitive_access', args: ['--sensitive-access-days', '7'], user: 'sens_reader',
    stderr: /cannot read sec_check\.sensitive_access: .*permission denied for view sensitive_access/ },
];

for (const c of cases) {
  test(`report --sensitive-access-days: ${c.name}`, async () => {
    const out = tempPrefix('bad');
    const res = await cli(['report', '--run', 'latest', '--output', out, ...c.args, ...connArgs(pg, c.user)]);
    assert.equal(res.code, 2, `${res.stdout}\n${res.stderr}`);
    const lines = res.stderr.trim().split('\n');
    assert.equal(lines.length, 1, res.stderr);
    assert.match(lines[0], c.stderr);
    assert.ok(!existsSync(`${out}.json`) && !existsSync(`${out}_web`), 'no file written');
  });
}
