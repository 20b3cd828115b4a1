// Makes docs/images/compliance-section.png: a real PostgreSQL 18 server with the extension, a
// few settings fixed and two manual CIS controls attested, an in-database run, then
// `sec-check report --run latest --framework cis-pg17 --sign KEY` and a screenshot of the
// compliance block in headless Chromium (Debian's /usr/bin/chromium).
// Usage: node build.mjs && node --import tsx scripts/compliance-screenshot.ts
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureInstall, installExtensionFromRepo, startCluster } from '../src/harness/index.ts';

const repo = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'sec-check-screenshot-'));
const install = await ensureInstall(18, { extras: true });
await installExtensionFromRepo(install, repo);
const pg = await startCluster(install, { settings: { log_connections: 'on', log_disconnections: 'on', log_statement: 'ddl' } });
try {
  await pg.query('CREATE EXTENSION pljs; CREATE EXTENSION sec_check');
  await pg.query('SELECT count(*) FROM sec_check.run()');
  await pg.query(`SELECT sec_check.attest('cis-pg17', '1.1', 'Dana Auditor', 'PGDG repository pinned, signing key checked (ticket SEC-42)', now() + interval '1 year')`);
  await pg.query(`SELECT sec_check.attest('cis-pg17', '2.4', 'Dana Auditor', 'No pg_service.conf holds a password (ticket SEC-43)', now() + interval '1 year')`);
  const key = join(work, 'audit.key');
  writeFileSync(key, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  execFileSync(process.execPath, [join(repo, 'dist/cli.cjs'), 'report', '--run', 'latest', '--host', pg.socketDir, '--port', String(pg.port),
    '--user', 'postgres', '--framework', 'cis-pg17', '--sign', key, '--output', join(work, 'report')], { stdio: 'inherit' });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`file://${join(work, 'report_web/index.html')}`);
    const block = page.locator('#compliance');
    const box = (await block.boundingBox())!;
    const out = join(repo, 'docs/images/compliance-section.png');
    await page.screenshot({ path: out, fullPage: true, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 1100) } });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
  }
} finally {
  await pg.stop();
}
