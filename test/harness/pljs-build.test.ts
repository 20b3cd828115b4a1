// The parts of the PostgreSQL 15 pljs build that need no download or compiler: the check
// that Debian's server headers match the npm server build, the majors that get extras, and
// a remembered "no pljs source here" verdict (the full build runs in test/integration/pg15/).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureInstall, PljsSourceUnavailable } from '../../src/harness/index.ts';
import { npmPackageDir } from '../../src/harness/paths.ts';
import { checkHeadersMatchServer } from '../../src/harness/pljs-build.ts';

/** A tree with a stand-in bin/postgres holding a configure string, and server headers. */
async function fakeTree(configure: string, cfg: Record<string, string>, manual: Record<string, string> = {}): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'sec_check-headers-'));
  await fs.mkdir(path.join(root, 'bin'));
  await fs.mkdir(path.join(root, 'include/postgresql/server'), { recursive: true });
  // the server binary carries its configure options as text (what pg_config reports)
  await fs.writeFile(path.join(root, 'bin/postgres'), Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), Buffer.from(`${configure}\0more`)]));
  const defines = (d: Record<string, string>) => Object.entries(d).map(([k, v]) => `#define ${k} ${v}\n`).join('');
  await fs.writeFile(path.join(root, 'include/postgresql/server/pg_config.h'), defines(cfg));
  await fs.writeFile(path.join(root, 'include/postgresql/server/pg_config_manual.h'), defines(manual));
  return root;
}

const DEBIAN_15 = { PG_MAJORVERSION_NUM: '15', BLCKSZ: '8192', XLOG_BLCKSZ: '8192', RELSEG_SIZE: '131072', USE_FLOAT8_BYVAL: '1' };
const NPM_CONFIGURE = `'CFLAGS=-Os' '--prefix=/usr/local/pg-build' '--enable-integer-datetimes' '--with-icu' '--without-readline'`;

describe('server headers against the npm server build', () => {
  const roots: string[] = [];
  const tree = async (...a: Parameters<typeof fakeTree>) => {
    const r = await fakeTree(...a);
    roots.push(r);
    return r;
  };
  after(async () => { for (const r of roots) await fs.rm(r, { recursive: true, force: true }); });

  test('default sizes on both sides match', async () => {
    await checkHeadersMatchServer(await tree(NPM_CONFIGURE, DEBIAN_15), 15);
  });

  test('a server built with other block or segment sizes, or float8 by reference, is named', async () => {
    await assert.rejects(checkHeadersMatchServer(await tree(`${NPM_CONFIGURE} '--with-blocksize=16'`, DEBIAN_15), 15),
      /BLCKSZ: headers 8192, server 16384; RELSEG_SIZE: headers 131072, server 65536/);
    await assert.rejects(checkHeadersMatchServer(await tree(`${NPM_CONFIGURE} '--with-wal-blocksize=32'`, DEBIAN_15), 15),
      /XLOG_BLCKSZ: headers 8192, server 32768/);
    await assert.rejects(checkHeadersMatchServer(await tree(`${NPM_CONFIGURE} '--disable-float8-byval'`, DEBIAN_15), 15),
      /USE_FLOAT8_BYVAL: headers 1, server \(undefined\)/);
  });

  test('headers of another major, or a server binary without configure options, are refused', async () => {
    await assert.rejects(checkHeadersMatchServer(await tree(NPM_CONFIGURE, { ...DEBIAN_15, PG_MAJORVERSION_NUM: '16' }), 15),
      /server headers are for PostgreSQL 16, the tree is 15/);
    await assert.rejects(checkHeadersMatchServer(await tree(`'CFLAGS=-O2'`, DEBIAN_15), 15), /cannot find the configure options/);
  });
});

describe('extras by major', () => {
  test('only 18 and 15 get extensions', async () => {
    await assert.rejects(ensureInstall(16, { extras: true }), /extensions are only provisioned for PostgreSQL 15 and 18, not 16/);
  });
});

describe('a remembered unavailable pljs source', () => {
  let cache: string;
  const saved = { cache: process.env.SEC_CHECK_CACHE, source: process.env.SEC_CHECK_PLJS_SOURCE };
  before(async () => {
    cache = await fs.mkdtemp(path.join(os.tmpdir(), 'sec_check-unavailable-'));
    process.env.SEC_CHECK_CACHE = cache;
    delete process.env.SEC_CHECK_PLJS_SOURCE;
  });
  after(async () => {
    for (const [k, v] of [['SEC_CHECK_CACHE', saved.cache], ['SEC_CHECK_PLJS_SOURCE', saved.source]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await fs.rm(cache, { recursive: true, force: true });
  });

  test('is the same distinct error again, without asking the archive (which would replace the message)', async () => {
    const npm = JSON.parse(readFileSync(path.join(npmPackageDir('pg15'), 'package.json'), 'utf8')).version;
    await fs.mkdir(path.join(cache, 'pg'));
    await fs.writeFile(path.join(cache, 'pg', `pg15-${npm}+pg_cron+pgtap+pljs.unavailable`), 'no pljs source: the archive said 404\n');
    const err = await ensureInstall(15, { extras: true }).then(() => null, (e) => e);
    assert.ok(err instanceof PljsSourceUnavailable, String(err));
    assert.match(err.message, /no pljs source: the archive said 404 \(remembered in .*\.unavailable\)/);
    assert.deepEqual(await fs.readdir(path.join(cache, 'pg')), [`pg15-${npm}+pg_cron+pgtap+pljs.unavailable`], 'nothing was built');
  });
});
