// The compliance block and the signed-report note in a real headless Chromium (Debian's),
// opened from disk: it renders under the page's CSP without console errors or requests, one
// row per control with its status badge, and hostile titles and evidence stay text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { renderHtml } from '../../src/render/html.ts';
import { evaluateFramework } from '../../src/core/compliance/evaluate.ts';
import { checkFramework } from '../../src/core/compliance/framework.ts';
import { signReport } from '../../src/signing/report-signature.ts';
import { sample } from '../report/load.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';
let browser: Browser;
before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
});
after(async () => { await browser?.close(); });

test('the compliance section renders statuses and evidence, escapes hostile text, and a signed report names its JSON', async () => {
  const report = sample('en');
  report.results[0].short_description = `<b>bold</b> ${HOSTILE}`;
  const ids = report.results.map((r) => r.check_id!);
  const { framework } = checkFramework({
    id: 'demo', title: `Demo ${HOSTILE}`, version: '1', publisher: 'tests',
    controls: [
      { id: 'D-1', title: `first ${HOSTILE}`, checks: [ids[0]] },
      { id: 'D-2', title: 'second', checks: [ids[1]] },
      { id: 'D-3', title: 'manual', checks: [], manual: `attach ${HOSTILE}` },
      { id: 'D-4', title: 'attested', checks: [], manual: 'attach the plan' },
      { id: 'D-5', title: 'not run', checks: ['no_such'] },
    ],
  }, 'demo', [...ids, 'no_such'].map((id) => ({ id, cis: null })));
  const section = evaluateFramework(framework!, report.results, {
    scope: 'postgres',
    attestations: [{ framework: 'demo', control_id: 'D-4', scope: null, attested_by: HOSTILE, note: 'checked', expires_at: '2999-01-01T00:00:00Z' }],
  });
  const signed = signReport({ ...report, compliance: [section] }, generateKeyPairSync('ed25519').privateKey);
  const file = join(mkdtempSync(join(tmpdir(), 'sec-check-compliance-html-')), 'index.html');
  writeFileSync(file, renderHtml(signed));
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (!/^(file|data):/.test(r.url())) requests.push(r.url()); });
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await page.goto(`file://${file}`);
  await page.waitForLoadState('load');
  assert.ok(await page.locator('#compliance').isVisible());
  assert.equal(await page.locator('#compliance-demo table.compliance tbody tr').count(), 5);
  const statuses = await page.locator('#compliance-demo tbody tr td:nth-child(4) .badge:first-child').allTextContents();
  assert.deepEqual(statuses, [section.controls[0].status, section.controls[1].status, 'manual', 'attested', 'could not verify'].map((s) => s.replace(/_/g, ' ')));
  assert.equal(await page.locator('#compliance img').count(), 0, 'no element from hostile text');
  assert.ok((await page.locator('#compliance').textContent())!.includes(HOSTILE), 'hostile text shown as text');
  assert.equal(await page.locator('#compliance .evidence b').count(), 1, 'allowlisted rich text kept');
  assert.ok((await page.locator('#signature').textContent())!.includes(signed.signature!.document_sha256));
  assert.deepEqual({ errors, requests, dialogs }, { errors: [], requests: [], dialogs: [] });
  await page.close();
});
