// One shape per report format and per stored report: the format registry drives --format
// parsing and file naming, and a stored report is checked against the schema when read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FORMAT_GROUPS, FORMAT_NAMES, REPORT_FORMATS } from '../../src/render/formats.ts';
import { FORMAT_HELP, outputPath, parseFormat } from '../../src/cli/output.ts';
import { readReport, ReportShapeError } from '../../src/render/read-report.ts';
import { loadFixture } from '../report/helpers.ts';

test('every registered format is accepted by --format, named in the help, and has its own file', () => {
  const files = new Set<string>();
  for (const f of REPORT_FORMATS) {
    assert.deepEqual(parseFormat(f.name.toUpperCase()), [f.name]);
    assert.ok(FORMAT_HELP.includes(f.name), `help names ${f.name}`);
    files.add(outputPath('out', f.name));
  }
  assert.equal(files.size, REPORT_FORMATS.length, 'no two formats write the same file');
  for (const [group, parts] of Object.entries(FORMAT_GROUPS)) assert.deepEqual(parseFormat(group), [...parts]);
  assert.deepEqual(FORMAT_NAMES, ['Full', 'Json', 'Html', 'Sarif', 'Junit']);
});

test('every registered format renders the sample report', () => {
  const report = loadFixture('sample-ru');
  for (const f of REPORT_FORMATS) {
    const text = f.render(report, {});
    assert.ok(text.length > 200, f.name);
    assert.ok(text.includes(report.results[0].check_id ?? report.results[0].name), `${f.name} shows the first check`);
  }
});

test('readReport accepts a report and names what is wrong with a broken one', () => {
  const good = loadFixture('sample-en');
  assert.equal(readReport(good, 'sample-en.json'), good);
  const broken = structuredClone(good) as unknown as Record<string, any>;
  broken.results[1].status = 'Maybe';
  delete broken.run.server;
  assert.throws(() => readReport(broken, 'sec_check.report_json(7)'), (e: Error) => {
    assert.ok(e instanceof ReportShapeError);
    assert.match(e.message, /^sec_check\.report_json\(7\) is not a sec_check report/);
    assert.ok(e.problems.some((p) => p.startsWith('/results/1/status')), e.problems.join('; '));
    assert.ok(e.problems.some((p) => p.startsWith('/run ') && p.includes('server')), e.problems.join('; '));
    return true;
  });
  assert.throws(() => readReport('not json at all', 'x'), ReportShapeError);
});
