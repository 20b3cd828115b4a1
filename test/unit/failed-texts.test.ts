// A Failed result names what was missing and never says that no action is required. Every
// validator of the built catalog runs on inputs that leave it without data — no rows, a row
// of NULLs, settings-fact rows whose value is unknown or was not understood, a role without
// the privileges — in English and Russian; every Failed verdict it returns must name the data
// (its short text is not the bare engine sentence) and no text of it may read "no action".
// Validators must not crash on missing data either (a crash is a Failed that names nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadPackFromConfig } from '../../src/session/node-pack.ts';
import { parseLoc, Localizer } from '../../src/core/loc.ts';
import { runValidator } from '../../src/core/lua/host.ts';
import { JUDGED_SETTINGS } from '../../src/core/settings/catalog.ts';

const CONFIG = 'dist/catalog/config.json';
const NO_ACTION = [/no action/i, /действий не требуется/i];

interface Item { id: string; validators: { script: string }[]; executors: { script: string }[] }

const settingRows = (known: boolean, parsedOk: boolean) => [...Object.keys(JUDGED_SETTINGS), 'log_output', 'pgaudit'].flatMap((name) => [
  { name, scope: 'server', known, value: known ? 'x' : undefined, parsed: parsedOk ? { ok: true, key: 'x' } : { ok: false, key: '!x', error: 'not understood' } },
  { name, scope: 'pending', known: false, note: 'restart' },
]);

/** Inputs that leave a validator without what it needs. */
const STARVED: Record<string, unknown>[] = [
  { sql_results: [] },
  { sql_results: [{}] },
  {},
  { sql_results: settingRows(false, true) },
  { sql_results: settingRows(true, false) },
  { sql_results: [{ name: 'x', scope: 'server', known: true, value: 'x', parsed: { ok: true, key: 'x' } }] },
  { result: { stdout: '', stderr: 'permission denied', return_code: 1 } },
];
const ROLES = [
  { superuser: false, read_all_settings: false, file_settings: false, hba_file_rules: false, authid: false, monitor: false },
  { superuser: true },
];

test('every Failed verdict of the catalog names what is missing and never says no action', { skip: !existsSync(CONFIG) && 'run the build first' }, () => {
  const pack = loadPackFromConfig(CONFIG);
  const english = parseLoc(pack.locales.en, 'en.loc');
  const items = Object.values((pack.config as { section: Record<string, { items: Item[] }> }).section).flatMap((s) => s.items);
  assert.ok(items.length > 70);
  const problems: string[] = [];
  let failed = 0;
  for (const locale of ['en', 'ru']) {
    const loc = new Localizer(parseLoc(pack.locales[locale], `${locale}.loc`), english);
    const bare = [loc.message('common.not_verified').replace(/\{what\}.*/, ''), loc.message('engine.not_verified.short')];
    for (const item of items) {
      for (const v of item.validators) {
        for (const starved of STARVED) {
          for (const role of ROLES) {
            const outcome = runValidator({
              source: pack.files[v.script], chunkName: v.script, localeMsg: (k) => loc.message(k), clock: () => performance.now(),
              globals: { server_version_num: 180000, audit_role: role, audit_profile: { applied: 'self-hosted', provider: null }, executor_results: [], facts: {}, ...starved },
            });
            const where = `${item.id} (${locale}, ${JSON.stringify(starved).slice(0, 60)}, superuser=${role.superuser})`;
            if (!outcome.ok) { problems.push(`${where}: the validator crashed: ${outcome.reason}`); continue; }
            const r = outcome.verdict;
            if (r.status !== 'Failed') continue;
            failed++;
            for (const [field, text] of [['short', r.short_description], ['full', r.full_description], ['recommendation', r.recommendation]] as const) {
              if (NO_ACTION.some((re) => re.test(text))) problems.push(`${where}: Failed ${field} says no action: ${text}`);
            }
            if (!r.short_description.trim() || bare.includes(r.short_description.trim())) problems.push(`${where}: Failed without naming what is missing: ${r.short_description}`);
            if (!r.recommendation.trim()) problems.push(`${where}: Failed without a recommendation`);
          }
        }
      }
    }
  }
  if (process.env.FAILED_TEXTS_DUMP) writeFileSync(process.env.FAILED_TEXTS_DUMP, [...new Set(problems)].join('\n'));
  assert.deepEqual([...new Set(problems)].slice(0, 40), []);
  assert.ok(failed > 100, `${failed} Failed verdicts were looked at`);
});

test('the engine\'s own Failed texts name what is missing and never say no action', () => {
  const engine = JSON.parse(readFileSync('localizations/engine.json', 'utf8')) as Record<string, Record<string, string>>;
  for (const [locale, texts] of Object.entries(engine)) {
    for (const key of ['not_verified.short', 'not_verified.full', 'not_verified.rec', 'privilege.short', 'privilege.full', 'privilege.rec', 'validator.short', 'validator.rec']) {
      const text = texts[key];
      assert.ok(text, `${locale} ${key}`);
      assert.ok(!NO_ACTION.some((re) => re.test(text)), `${locale} ${key}: ${text}`);
    }
    // the short texts carry what was missing (the script, fact or privilege)
    for (const key of ['not_verified.short', 'privilege.short', 'validator.short']) assert.match(texts[key], /\{(what|privilege|script)\}/, `${locale} ${key}`);
  }
});
