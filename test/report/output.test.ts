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
