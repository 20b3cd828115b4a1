// --format parsing and the file names writeReports produces (pg_sec_check naming).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseFormat, writeReports } from '../../src/cli/output.ts';
import { loadFixture } from './helpers.ts';

test('parseFormat: names, case, comma lists, Full = Json + Html', () => {
  assert.deepEqual(parseFormat('Full'), ['Json', 'Html']);
  assert.deepEqual(parseFormat('full'), ['Json', 'Html']);
  assert.deepEqual(parseFormat('HTML'), ['Html']);
  assert.deepEqual(parseFormat('json'), ['Json']);
  assert.deepEqual(parseFormat('sarif, JUNIT'), ['Sarif', 'Junit']);
  assert.deepEqual(parseFormat('junit,full,html'), ['Json', 'Html', 'Junit']);
  assert.deepEqual(parseFormat(['Html', 'Sarif']), ['Html', 'Sarif']);
});

test('parseFormat names the bad value', () => {
  assert.throws(() => parseFormat('pdf'), /"pdf"/);
  assert.throws(() => parseFormat('html,xml'), /"xml"/);
  assert.throws(() => parseFormat(''), /empty/);
});

test('writeReports writes <output>.json, <output>_web/index.html, .sarif, .junit.xml', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sec-check-out-'));
  try {
    const base = join(dir, 'nested', 'audit');
    const report = loadFixture('sample-en');
    const paths = await writeReports(report, { format: 'full,sarif,junit', output: base });
    assert.deepEqual(paths, [`${base}.json`, join(`${base}_web`, 'index.html'), `${base}.sarif`, `${base}.junit.xml`]);
    assert.deepEqual(JSON.parse(await readFile(`${base}.json`, 'utf8')), report);
    assert.deepEqual(await readdir(`${base}_web`), ['index.html']);
    const html = await readFile(paths[1], 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    const ru = await writeReports(report, { format: 'Html', output: join(dir, 'ru'), locale: 'ru' });
    assert.match(await readFile(ru[0], 'utf8'), /<html lang="ru">/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('writeReports is all or nothing: no .json when the _web page cannot be written', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sec-check-out-'));
  try {
    const report = loadFixture('sample-en');
    const { writeFilesAtomically } = await import('../../src/cli/output.ts');
    const { writeFile: write, mkdir: mk } = await import('node:fs/promises');
    await mk(join(dir, 'audit_web', 'index.html'), { recursive: true }); // a directory where the page goes
    await assert.rejects(writeFilesAtomically([
      { path: join(dir, 'audit.json'), text: JSON.stringify(report) },
      { path: join(dir, 'audit_web', 'index.html'), text: '<html>' },
    ], '--output'), /--output: cannot write .*index\.html: it is a directory/);
    assert.deepEqual((await readdir(dir)).sort(), ['audit_web']);
    assert.deepEqual(await readdir(join(dir, 'audit_web')), ['index.html']);
    await write(join(dir, 'x'), '');
    await assert.rejects(writeReports(report, { format: 'Full', output: join(dir, 'x', 'audit') }), /x is a file, not a directory/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
