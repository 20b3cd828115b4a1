// The HTML report in a real headless Chromium (Debian's), opened from disk: no console
// errors, no network, filters/search/details work, the columns sort, the fix-first links
// open their row, waived findings show as waived, hostile text stays text, ru renders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderHtml } from '../../src/render/html.ts';
import { ROOT, sample } from '../report/load.ts';
import { markWaived } from '../../src/session/waivers.ts';
import { syntheticReport } from '../report/fixtures/synthetic.ts';

let browser: Browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); });

function writePage(html: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sec-check-html-'));
  const file = join(dir, 'index.html');
  writeFileSync(file, html);
  return `file://${file}`;
}

interface Watch { errors: string[]; requests: string[]; dialogs: string[] }
async function open(url: string): Promise<{ page: Page; watch: Watch }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const watch: Watch = { errors: [], requests: [], dialogs: [] };
  page.on('console', (m) => { if (m.type() === 'error') watch.errors.push(m.text()); });
  page.on('pageerror', (e) => watch.errors.push(String(e)));
  page.on('request', (r) => { if (!/^(file|data):/.test(r.url())) watch.requests.push(r.url()); });
  page.on('dialog', async (d) => { watch.dialogs.push(d.message()); await d.dismiss(); });
  await page.goto(url);
  await page.waitForLoadState('load');
  return { page, watch };
}

const visibleRows = (page: Page) => page.locator('#rows tr.main:not(.filtered-out)').count();

test('filters, search and details work; nothing runs, nothing loads from the network', async () => {
  const report = sample();
  const { page, watch } = await open(writePage(renderHtml(report)));
  const total = report.results.length;
  assert.equal(await visibleRows(page), total);

  const successes = report.results.filter((r) => r.status === 'Success').length;
  await page.locator('input[name=f-status][value=Success]').uncheck();
  assert.equal(await visibleRows(page), total - successes);
  await page.locator('input[name=f-status][value=Success]').check();

  const group = report.results[0].section;
  await page.selectOption('#f-group', group);
  assert.equal(await visibleRows(page), report.results.filter((r) => r.section === group).length);
  await page.selectOption('#f-group', '');

  const target = report.results.find((r) => r.check_id)!;
  await page.fill('#f-search', target.check_id!);
  assert.equal(await visibleRows(page), 1);
  await page.fill('#f-search', 'zzz-no-such-check');
  assert.equal(await visibleRows(page), 0);
  await page.fill('#f-search', '');
  assert.equal(await visibleRows(page), total);

  const first = page.locator('#rows tr.main').first();
  await first.locator('button.toggle').click();
  const detail = page.locator(`#${await first.locator('button.toggle').getAttribute('aria-controls')}`);
  assert.equal(await detail.isVisible(), true);
  assert.match(await detail.innerText(), /sql|shell/);

  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  await page.screenshot({ path: join(ROOT, 'test-results/report-en.png'), fullPage: true });
  assert.deepEqual(watch.errors, []);
  assert.deepEqual(watch.requests, []);
  assert.deepEqual(watch.dialogs, []);
});

test('hostile check output shows as text and runs nothing; long lines wrap', async () => {
  const report = sample();
  report.results[0].short_description = 'role <img src=x onerror=alert(1)> owns <script>alert(2)</script>';
  report.results[1].full_description = `<p>${'x'.repeat(5000)}</p>`;
  report.results[1].name = 'Name with "quotes" & <b>tags</b>';
  const { page, watch } = await open(writePage(renderHtml(report)));
  await page.locator('#rows tr.main').nth(1).locator('button.toggle').click();
  assert.equal(await page.getByText('<img src=x onerror=alert(1)>', { exact: false }).count() > 0, true);
  assert.equal(await page.locator('#rows img').count(), 0);
  assert.equal(await page.locator('#rows script').count(), 0);
  assert.equal(await page.getByText('Name with "quotes" & <b>tags</b>').count(), 1);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px`);
  await page.waitForTimeout(200);
  assert.deepEqual(watch.dialogs, []);
  assert.deepEqual(watch.errors, []);
});

test('the ru report renders Cyrillic', async () => {
  const { page, watch } = await open(writePage(renderHtml(sample('ru'), { locale: 'ru' })));
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  const text = await page.locator('body').innerText();
  assert.match(text, /[А-Яа-яЁё]{4,}/);
  await page.screenshot({ path: join(ROOT, 'test-results/report-ru.png') });
  assert.deepEqual(watch.errors, []);
});

test('printing shows every detail and hides the controls', async () => {
  const { page, watch } = await open(writePage(renderHtml(sample())));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('#detail-2').isVisible(), true, 'details are printed expanded');
  assert.equal(await page.locator('.filters').first().isVisible(), false, 'filters are not printed');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10_000, `PDF of ${pdf.length} bytes`);
  assert.deepEqual(watch.errors, []);
});

test('the sensitive-access section shows hostile log values as text', async () => {
  const hostile = '<img src=x onerror=alert(3)>';
  const html = renderHtml(sample(), { sensitiveAccess: { days: 7, truncated: false,
    rows: [{ logged_at: '2026-11-30 09:00:00Z', user_name: hostile, client: '[local]', class: 'READ', command: 'SELECT',
      object_name: 'public."Pay Roll"', sensitive_columns: ['Salary'], labels: ['hr'], statement: `SELECT 1 -- </td>${hostile}` }],
    summary: [{ user_name: hostile, object_name: 'public."Pay Roll"', reads: 1, writes: 0, distinct_clients: 1, last_at: '2026-11-30 09:00:00Z' }] } });
  const { page, watch } = await open(writePage(html));
  const section = page.locator('#sensitive-access');
  assert.equal(await section.isVisible(), true);
  assert.match(await section.innerText(), /Sensitive access \(last 7 days\)/);
  assert.equal(await section.getByText(hostile, { exact: true }).count(), 2, 'the role name, as text, in both tables');
  assert.equal(await section.locator('img').count(), 0);
  await page.waitForTimeout(200);
  assert.deepEqual(watch.dialogs, []);
  assert.deepEqual(watch.errors, []);
});

/** The rows as the page shows them now: [#, priority, status, severity, group, check]. */
async function tableRows(page: Page): Promise<{ num: number; prio: string; status: string; sev: string; group: string; name: string }[]> {
  return page.locator('#rows tr.main:not(.filtered-out)').evaluateAll((trs) => trs.map((tr) => {
    const td = tr.querySelectorAll('td');
    return { num: Number(td[0].textContent), prio: td[1].childNodes[0]?.textContent ?? '', status: tr.getAttribute('data-status') ?? '',
      sev: td[3].textContent ?? '', group: td[4].textContent ?? '', name: td[5].querySelector('strong')?.textContent ?? '' };
  }));
}

test('the table opens sorted by priority and every sortable column sorts both ways', async () => {
  const report = syntheticReport(70);
  const { page, watch } = await open(writePage(renderHtml(report)));
  const prio = (rows: { prio: string }[]) => rows.map((r) => (r.prio === '\u2013' ? 0 : Number(r.prio)));
  const desc = (xs: number[]) => xs.every((x, i) => i === 0 || xs[i - 1] >= x);
  let rows = await tableRows(page);
  assert.equal(rows.length, 70);
  assert.ok(desc(prio(rows)), `opens by priority: ${prio(rows).join(',')}`);
  assert.equal(await page.getAttribute('th:has(button[data-sort=priority])', 'aria-sort'), 'descending');

  const STATUS_RANK: Record<string, number> = { Error: 5, Failed: 4, Warning: 3, Info: 2, Skipped: 1, Success: 0 };
  const SEV_RANK: Record<string, number> = { critical: 5, high: 4, medium: 3, low: 2, info: 1, none: 0 };
  const cases: [string, (r: Awaited<ReturnType<typeof tableRows>>[number]) => number | string, 'descending' | 'ascending'][] = [
    ['status', (r) => STATUS_RANK[r.status], 'descending'],
    ['severity', (r) => SEV_RANK[r.sev], 'descending'],
    ['group', (r) => r.group.toLowerCase(), 'ascending'],
    ['check', (r) => r.name.toLowerCase(), 'ascending'],
    ['num', (r) => r.num, 'ascending'],
  ];
  for (const [key, value, first] of cases) {
    for (const dir of [first, first === 'descending' ? 'ascending' : 'descending'] as const) {
      await page.click(`button.sort[data-sort=${key}]`);
      assert.equal(await page.getAttribute(`th:has(button[data-sort=${key}])`, 'aria-sort'), dir, `${key} ${dir}`);
      assert.equal(await page.getAttribute('th:has(button[data-sort=priority])', 'aria-sort'), null);
      rows = await tableRows(page);
      const values = rows.map(value);
      const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (dir === 'descending') sorted.reverse();
      assert.deepEqual(values, sorted, `${key} ${dir}`);
    }
  }
  // report order: # ascending is exactly 1..70
  await page.click('button.sort[data-sort=num]');
  assert.deepEqual((await tableRows(page)).map((r) => r.num), Array.from({ length: 70 }, (_, i) => i + 1));
  // each detail row follows its row wherever the sort put it
  await page.click('button.sort[data-sort=severity]');
  const firstRow = page.locator('#rows tr.main').first();
  await firstRow.locator('button.toggle').click();
  const next = await firstRow.evaluate((tr) => (tr.nextElementSibling as HTMLElement).id);
  assert.equal(next, await firstRow.locator('button.toggle').getAttribute('aria-controls'));
  // filters still apply to the sorted table
  await page.locator('input[name=f-status][value=Success]').uncheck();
  assert.ok((await tableRows(page)).every((r) => r.status !== 'Success'));
  assert.deepEqual(watch.errors, []);
});

test('a fix-first link shows its row even when a filter hid it, and opens it; waived rows say so', async () => {
  const report = markWaived(sample(), [{ check_id: 'log_connections', scope: null, reason: 'accepted <b>for now</b>', expires_at: '2027-03-01 00:00:00+00', expires_at_utc: '2027-03-01T00:00:00Z' }]);
  const { page, watch } = await open(writePage(renderHtml(report)));
  const links = page.locator('#fix-first a');
  assert.deepEqual(await links.allInnerTexts(), ['Superuser roles', 'CREATE on public schema']);
  await page.locator('input[name=f-status][value=Error]').uncheck();
  assert.equal(await page.locator('#rows tr.main[data-status=Error]:not(.filtered-out)').count(), 0);
  await links.first().click();
  const row = page.locator('#check-4');
  assert.equal(await row.isVisible(), true, 'the filter that hid the row is cleared');
  assert.equal(await page.locator('#check-4 + tr.detail').isVisible(), true, 'its details are open');
  assert.equal(await page.locator('input[name=f-status][value=Error]').isChecked(), true);
  const waived = page.locator('#rows tr.main.is-waived');
  assert.equal(await waived.count(), 1);
  assert.match(await waived.innerText(), /Warning\s+Waived/);
  await waived.locator('button.toggle').click();
  assert.match(await page.locator('tr.main.is-waived + tr.detail').innerText(), /Waived until 2027-03-01 00:00:00 UTC[\s\S]*accepted <b>for now<\/b>/);
  await page.locator('#f-waived').uncheck();
  assert.equal(await page.locator('#rows tr.main.is-waived:not(.filtered-out)').count(), 0);
  assert.deepEqual(watch.errors, []);
  assert.deepEqual(watch.dialogs, []);
});
