// Bad inputs of `sec-check pii` and `sec-check report --pii`: each exits 2 with ONE line on
// stderr naming the flag, file, field or value, no stack trace, no file written and nothing
// stored in sec_check.pii_findings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, connArgs, startPg18WithSecCheck } from './support.ts';

let pg: Cluster;
const dir = mkdtempSync(join(tmpdir(), 'bad-pii-'));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

before(async () => {
  pg = await startPg18WithSecCheck();
  await pg.query('CREATE DATABASE pii_noext');
  await pg.query(`CREATE ROLE pii_plain LOGIN;
    CREATE TABLE public.people (id int PRIMARY KEY, email text);
    INSERT INTO public.people SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 20) g;
    GRANT SELECT ON public.people TO pii_plain`);
  await pg.query(`SELECT * FROM sec_check.run('connections')`);
});
after(async () => { await pg?.stop(); });

const goodFinding = { schema_name: 's', table_name: 't', column_name: 'c', rule_id: 'email', category: 'email', severity: 'medium', match_count: 1, sampled: 1, masked_sample: 'a***@b***.com', primary_key: {}, confidence: 1, name_hint: false, sampling: 'limit' };
const doc = (over: Record<string, unknown> = {}, finding: Record<string, unknown> = {}) => JSON.stringify({
  format: 'sec_check-pii', format_version: 1, database: 'postgres', server_version: '18', started_at: 'x', finished_at: 'x', options: {},
  tables_scanned: 1, columns_scanned: 1, skipped: [], findings: [{ ...goodFinding, ...finding }], ...over });

test('bad inputs exit 2 with one line naming the problem, write nothing and store nothing', async () => {
  const out = join(dir, 'out.json');
  const report = join(dir, 'report');
  const cases: [string, string[], RegExp][] = [
    ['sample rows not a number', ['pii', '--sample-rows', 'abc', '--json', out], /--sample-rows: not a positive integer: "abc"/],
    ['sample rows zero', ['pii', '--sample-rows', '0', '--json', out], /--sample-rows: expected an integer from 1 to 100000, found 0/],
    ['max tables too big', ['pii', '--max-tables', '99999999', '--json', out], /--max-tables: expected an integer from 1 to 1000000/],
    ['options not JSON', ['pii', '--options', '{bad', '--json', out], /--options: not valid JSON/],
    ['options not an object', ['pii', '--options', '[1]', '--json', out], /--options: expected a JSON object/],
    ['unknown option key', ['pii', '--options', '{"sample":1}', '--json', out], /options\.sample: unknown option \(allowed: schemas, exclude_tables/],
    ['option of the wrong type', ['pii', '--options', '{"exclude_tables":"a.b"}', '--json', out], /options\.exclude_tables: expected an array of non-empty names, found "a\.b"/],
    ['empty schema list', ['pii', '--schemas', ',', '--json', out], /--schemas: no names in ","/],
    ['empty name in exclude list', ['pii', '--exclude-tables', 'a,,b', '--json', out], /--exclude-tables: empty name at position 2/],
    ['bad locale', ['pii', '--locale', '../x', '--json', out], /locale/],
    ['bad statement timeout', ['pii', '--statement-timeout=-5', '--json', out], /--statement-timeout: not a positive integer: "-5"/],
    ['unknown flag', ['pii', '--bogus', '--json', out], /Unknown option '--bogus'/],
    ['json under a regular file', ['pii', '--json', join(file('plain.txt', 'x'), 'x.json')], /--json: .*plain\.txt/],
    ['json is a directory', ['pii', '--json', dir], /--json: .*director/],
    ['html into /proc', ['pii', '--html', '/proc/pii.html', '--json', out], /--html: .*proc/],
    ['store without the extension', ['pii', '--store', '--json', out, '--database', 'pii_noext'], /--store: the sec_check extension \(0\.3\.0 or later\) is not installed/],
    ['store without the grant', ['pii', '--store', '--json', out, '--user', 'pii_plain'], /--store: permission denied .*grant_pii_access/],
    ['channel file missing', ['pii', '--channel', join(dir, 'none.toml'), '--json', out], /--channel .*none\.toml/],
    ['channel schema with a hyphen', ['pii', '--channel', file('h.toml', '[alerts.postgres]\nhost = "x"\nschema = "bad-name"\n'), '--json', out], /h\.toml.*schema.*"bad-name"/],
    ['spool dir without a channel', ['pii', '--spool-dir', dir, '--json', out], /--spool-dir: only with --channel FILE/],
    ['report --pii missing file', ['report', '--run', 'latest', '--format', 'Html', '--output', report, '--pii', join(dir, 'missing.json')], /--pii .*missing\.json: file not found/],
    ['exclude-tables with three parts', ['pii', '--exclude-tables', 'a.b.c', '--json', out], /--exclude-tables\[0\]: not a table name: "a\.b\.c" \(table or schema\.table/],
    ['exclude-tables with SQL after a quoted name', ['pii', '--exclude-tables', '"a b".x;drop', '--json', out], /--exclude-tables\[0\]: not a table name: "\\"a b\\"\.x;drop"/],
    ['exclude-tables with an unclosed quote', ['pii', '--exclude-tables', 'public,"open.x', '--json', out], /--exclude-tables\[1\]: not a table name: "\\"open\.x"/],
    ['exclude-tables with a space', ['pii', '--exclude-tables', 'my table', '--json', out], /--exclude-tables\[0\]: not a table name: "my table"/],
    ['exclude_tables in --options with three parts', ['pii', '--options', '{"exclude_tables":["x.y.z"]}', '--json', out], /options\.exclude_tables\[0\]: not a table name: "x\.y\.z"/],
    ['--format pdf', ['pii', '--format', 'pdf'], /--format: text, json or html, not "pdf"/],
    ['--output with the text table', ['pii', '--output', out], /--output: the text table goes to stdout/],
    ['--json and --html both to stdout', ['pii', '--json', '-', '--html', '-'], /only one of them can go to standard output/],
    ['report --pii not JSON', ['report', '--run', 'latest', '--format', 'Html', '--output', report, '--pii', file('a.json', '{')], /--pii: .*a\.json: not valid JSON/],
    ['report --pii wrong format', ['report', '--run', 'latest', '--format', 'Html', '--output', report, '--pii', file('b.json', doc({ format: 'sec_check-report' }))], /b\.json: format: expected "sec_check-pii"/],
    ['report --pii bad category', ['report', '--run', 'latest', '--format', 'Html', '--output', report, '--pii', file('c.json', doc({}, { category: 'dna' }))], /c\.json: findings\[0\]\.category: expected one of email/],
    ['report --pii unmasked sample', ['report', '--run', 'latest', '--format', 'Html', '--output', report, '--pii', file('d.json', doc({}, { masked_sample: 'john@example.com' }))], /d\.json: findings\[0\]\.masked_sample: expected a masked sample \(containing \*\*\*\), found "\(not shown\)"/],
    ['report --pii bad confidence', ['report', '--run', 'latest', '--format', 'Html', '--output', report, '--pii', file('e.json', doc({}, { confidence: 7 }))], /e\.json: findings\[0\]\.confidence: expected a number from 0 to 1, found 7/],
  ];
  const failures: string[] = [];
  for (const [name, args, expect] of cases) {
    const res = await cli(withConnection(args));
    const lines = res.stderr.trim().split('\n');
    if (res.code !== 2) failures.push(`${name}: exit ${res.code} (${res.stderr.trim()})`);
    else if (lines.length !== 1 || !expect.test(lines[0])) failures.push(`${name}: stderr ${JSON.stringify(res.stderr)} does not match ${expect}`);
    else if (/\n\s+at /.test(res.stderr)) failures.push(`${name}: stack trace`);
    if (existsSync(out)) failures.push(`${name}: wrote ${out}`);
    if (existsSync(`${report}_web`)) failures.push(`${name}: wrote the report`);
  }
  assert.deepEqual(failures, []);
  const [{ n }] = await pg.query('SELECT count(*)::int AS n FROM sec_check.pii_findings');
  assert.equal(n, 0, 'nothing stored');
});

/** The command, then the test server's connection flags (a case's own --user/--database
 *  replace the defaults), then the case's other flags. */
function withConnection(args: string[]): string[] {
  const conn = connArgs(pg);
  const rest: string[] = [];
  for (let i = 1; i < args.length; i++) {
    if (args[i] === '--user' || args[i] === '--database') {
      conn[conn.indexOf(args[i]) + 1] = args[i + 1];
      i++;
    } else rest.push(args[i]);
  }
  return [args[0], ...conn, ...rest];
}
