// Without --config the CLI audits with the built-in catalog beside it (dist/catalog), whose
// files are checked against sha256 hashes compiled into dist/cli.cjs; a pack of one's own is
// checked against its manifest (sec-check pack --manifest) when it has one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, CLI, connArgs, REPO, startPg, tempPrefix, writePack, configOf } from './support.ts';
import { reportValidator } from '../report/load.ts';

let pg18: Cluster;
before(async () => { pg18 = await startPg(18); });
after(async () => { await pg18?.stop(); });

/** A copy of dist/ (CLI and catalog side by side), to tamper with. */
function distCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sec-check-dist-'));
  cpSync(join(REPO, 'dist'), dir, { recursive: true });
  return dir;
}

function runCopy(dist: string, args: string[]) {
  return spawnSync(process.execPath, [join(dist, 'cli.cjs'), ...args], { encoding: 'utf8' });
}

function flipOneByte(path: string): void {
  const bytes = readFileSync(path);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at] === 0x20 ? 0x09 : 0x20;
  writeFileSync(path, bytes);
}

test('sec-check run with only connection flags audits with the built-in catalog, verified', async () => {
  const out = tempPrefix('builtin');
  const res = await cli(['run', ...connArgs(pg18), '--format', 'Json', '--output', out]);
  assert.ok(res.code === 0 || res.code === 1, res.stderr + res.stdout);
  assert.match(res.stdout, /pack: built-in catalog \(.*dist\/catalog\/config\.json\), integrity verified/);
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  assert.equal(report.run.pack.name, 'builtin');
  assert.match(report.run.pack.sha256, /^[0-9a-f]{64}$/);
  assert.equal(report.run.integrity, 'verified');
  const catalog = JSON.parse(readFileSync(join(REPO, 'dist/catalog/config.json'), 'utf8'));
  const expected = Object.values(catalog.section as Record<string, { items: unknown[] }>).reduce((n, s) => n + s.items.length, 0);
  assert.equal(report.results.length, expected);
  const validate = reportValidator();
  assert.equal(validate(report), true, JSON.stringify(validate.errors));
});

test('one changed byte in a built-in catalog file: refused naming the file, exit 2; --unsecure runs unverified', async () => {
  const dist = distCopy();
  const validator = readdirSync(join(dist, 'catalog'), { recursive: true }).map(String).find((f) => f.endsWith('.lua'))!;
  for (const file of [validator, 'localizations/ru.loc', 'config.json']) {
    const copy = distCopy();
    flipOneByte(join(copy, 'catalog', file));
    const refused = runCopy(copy, ['run', ...connArgs(pg18), '--format', 'Json', '--output', join(copy, 'out')]);
    assert.equal(refused.status, 2, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /checksum mismatch/);
    assert.ok(refused.stderr.includes(join(copy, 'catalog', file)), `${file} named in: ${refused.stderr}`);
    assert.equal(existsSync(join(copy, 'out.json')), false, 'nothing written');
  }
  // an added file is a change too
  writeFileSync(join(dist, 'catalog', 'localizations', 'xx.loc'), 'a,"b"\n');
  const added = runCopy(dist, ['run', ...connArgs(pg18), '--output', join(dist, 'out')]);
  assert.equal(added.status, 2);
  assert.match(added.stderr, /checksum mismatch: .*xx\.loc is not in the list of checksums/);

  // a harmless change (one more byte at the end) still needs --unsecure
  const copy = distCopy();
  writeFileSync(join(copy, 'catalog', validator), readFileSync(join(copy, 'catalog', validator), 'utf8') + ' ');
  const out = join(copy, 'unsecure');
  const res = runCopy(copy, ['run', ...connArgs(pg18), '--format', 'Json', '--output', out, '--unsecure']);
  assert.ok(res.status === 0 || res.status === 1, res.stderr);
  assert.match(res.stderr, /WARNING: built-in catalog: checksum mismatch/);
  assert.match(res.stderr, /WARNING: --unsecure/);
  assert.match(res.stdout, /integrity unverified/);
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  assert.equal(report.run.integrity, 'unverified');
  assert.equal(report.run.pack.sha256, null);
});

test('a pack with a manifest (sec-check pack --manifest) is verified; a change is refused', async () => {
  const config = writePack({
    'config.json': configOf('s', [{ name: 'one', executors: [{ script: 'q.sql' }], validators: [{ script: 'v.lua' }] }]),
    'q.sql': 'SELECT 1 AS x',
    'v.lua': 'function validate_result() return { status = "Success", short_description = "ok", full_description = "", recommendation = "" } end\n',
  });
  const made = await cli(['pack', '--config', config, '--manifest']);
  assert.equal(made.code, 0, made.stderr);
  const manifest = JSON.parse(readFileSync(join(config, '..', 'sec_check.manifest.json'), 'utf8'));
  assert.deepEqual(Object.keys(manifest.files).sort(), ['config.json', 'q.sql', 'v.lua']);

  const out = tempPrefix('manifest');
  const ok = await cli(['run', ...connArgs(pg18), '--config', config, '--format', 'Json', '--output', out]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(readFileSync(`${out}.json`, 'utf8')).run.integrity, 'verified');

  writeFileSync(join(config, '..', 'q.sql'), 'SELECT 2 AS x');
  const refused = await cli(['run', ...connArgs(pg18), '--config', config, '--output', tempPrefix('m2')]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /checksum mismatch: .*q\.sql \(sha256 [0-9a-f]{64}, expected [0-9a-f]{64}\)/);

  // without a manifest a pack runs as before, marked unverified
  const plain = writePack({
    'config.json': configOf('s', [{ name: 'one', executors: [{ script: 'q.sql' }], validators: [{ script: 'v.lua' }] }]),
    'q.sql': 'SELECT 1 AS x',
    'v.lua': 'function validate_result() return { status = "Success", short_description = "ok", full_description = "", recommendation = "" } end\n',
  });
  const out3 = tempPrefix('plain');
  const run3 = await cli(['run', ...connArgs(pg18), '--config', plain, '--format', 'Json', '--output', out3]);
  assert.equal(run3.code, 0, run3.stderr);
  assert.match(run3.stdout, /integrity unverified \(no manifest\)/);
  assert.equal(CLI.endsWith('cli.cjs'), true);
});
