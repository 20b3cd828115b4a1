// Pure core pieces: .loc parsing and lookup, versions, the SELECT wrapper, pack checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLoc, Localizer, LocParseError, locLine } from '../../src/core/loc.ts';
import { compareVersions, fromVersionNum, inRange, parseBound } from '../../src/core/version.ts';
import { wrapSelect } from '../../src/core/runner.ts';
import { compilePack, PackError, selectSections } from '../../src/core/pack.ts';

test('.loc: comments, blank lines, BOM, CRLF, quotes and commas inside messages', () => {
  const text = '\uFEFF# header\r\n\r\n1,"<p>Plain, with a comma</p>"\r\nkey.two , "He said "hi", then left"\n  # indented comment\n3,""\n';
  const m = parseLoc(text, 'en.loc');
  assert.deepEqual([...m], [['1', '<p>Plain, with a comma</p>'], ['key.two', 'He said "hi", then left'], ['3', '']]);
});

test('.loc: a line without quotes names the file and line', () => {
  assert.throws(() => parseLoc('# c\nok,"fine"\nbroken,no quotes\n', 'localizations/ru.loc'),
    (e: Error) => e instanceof LocParseError && /^localizations\/ru\.loc:3: expected id,"message"/.test(e.message));
  assert.throws(() => parseLoc('"no id"\n', 'x.loc'), /x\.loc:1/);
});

test('locale_msg: id lookup, English-text lookup, fallback to English, then the key', () => {
  const en = parseLoc('1,"Ssl usage"\nonly_en,"English only"\n', 'en.loc');
  const ru = parseLoc('1,"использование SSL"\n', 'ru.loc');
  const loc = new Localizer(ru, en);
  assert.equal(loc.message('1'), 'использование SSL');
  assert.equal(loc.message('Ssl usage'), 'использование SSL');
  assert.equal(loc.message('only_en'), 'English only');
  assert.equal(loc.message('missing'), 'missing');
  assert.equal(new Localizer(undefined, en).message('1'), 'Ssl usage');
});

test('versions: bounds, server_version_num, comparison', () => {
  assert.equal(parseBound('none'), null);
  assert.deepEqual(parseBound('10'), [10, 0, 0]);
  assert.deepEqual(parseBound('14.99.99'), [14, 99, 99]);
  for (const bad of ['ten', '1.2.3.4', '-1', 14, '']) assert.equal(parseBound(bad), bad === '' ? null : undefined, String(bad));
  assert.deepEqual(fromVersionNum(180004), [18, 4, 0]);
  assert.deepEqual(fromVersionNum(90624), [9, 6, 24]);
  assert.ok(compareVersions([14, 5, 0], [14, 0, 0]) > 0);
  assert.equal(inRange([14, 5, 0], [10, 0, 0], [14, 0, 0]), false, 'max_ver is inclusive of exactly that version only');
  assert.equal(inRange([14, 0, 0], null, [14, 0, 0]), true);
  assert.equal(inRange([13, 9, 0], [14, 0, 0], null), false);
});

test('wrapSelect drops trailing semicolons and comments and keeps a trailing line comment harmless', () => {
  assert.match(wrapSelect('SELECT 1 AS a;  -- done\n\n'), /FROM \(\nSELECT 1 AS a\n\) AS sec_check_q LIMIT 10001\)/);
  assert.match(wrapSelect('SELECT 1 -- note'), /\nSELECT 1\n\) AS sec_check_q /);
});

const pack = (config: unknown, files: Record<string, string> = {}) => ({ configName: 'c.json', config, files, locales: {} });
const lua = 'function validate_result() return {status="Success", short_description="", full_description="", recommendation=""} end';

test('compilePack collects every problem with its field', () => {
  try {
    compilePack(pack({ section: { s: { items: [
      { name: 'a', executors: [{ script: 'x.txt' }], validators: [{ script: 'v.lua' }], severity: 'urgent' },
      { name: 'a', executors: [], validators: [] },
    ] } } }, { 'v.lua': lua }));
    assert.fail('expected PackError');
  } catch (e) {
    assert.ok(e instanceof PackError);
    assert.deepEqual(e.problems, [
      'c.json: section.s.items[0].severity: unknown severity "urgent" (one of critical, high, medium, low, info)',
      'c.json: section.s.items[0].executors[0].script: unsupported file type "x.txt" (.sql or .sh expected)',
      'c.json: section.s.items[1].name: duplicate check name "a" in this section',
      'c.json: section.s.items[1].validators: at least one validator is required',
    ]);
  }
  assert.throws(() => compilePack(pack([])), /the top level must be a JSON object/);
  assert.throws(() => compilePack(pack({ section: {} })), /section: expected an object with at least one group/);
});

test('selectSections keeps config order and rejects unknown groups', () => {
  const compiled = compilePack(pack({ section: {
    b: { items: [{ name: 'x', executors: [{ script: 'q.sql' }], validators: [{ script: 'v.lua' }] }] },
    a: { items: [{ name: 'y', executors: [{ script: 'q.sql' }], validators: [{ script: 'v.lua' }] }] },
  } }, { 'q.sql': 'SELECT 1', 'v.lua': lua }));
  assert.deepEqual(selectSections(compiled, ['a', 'b']).map((s) => s.key), ['b', 'a']);
  assert.deepEqual(selectSections(compiled, null).map((s) => s.key), ['b', 'a']);
  assert.throws(() => selectSections(compiled, ['a', 'zz', 'yy']), /unknown groups "zz", "yy"; this pack has: b, a/);
});

test('.loc: CSV quoting — "" inside a quoted message is one ", with commas, in en and ru', () => {
  const en = parseLoc([
    'a,"Set ""ssl"" to on, then reload"',
    'b,"""quoted"" at both ends, ""too"""',
    'c,"Legacy "single" quotes, kept"',
    'd,""""',
  ].join('\n'), 'en.loc');
  assert.equal(en.get('a'), 'Set "ssl" to on, then reload');
  assert.equal(en.get('b'), '"quoted" at both ends, "too"');
  assert.equal(en.get('c'), 'Legacy "single" quotes, kept');
  assert.equal(en.get('d'), '"');
  const ru = parseLoc('a,"Включите ""ssl"", затем перечитайте конфигурацию"\nc,"Старые "кавычки", как были"\n', 'ru.loc');
  assert.equal(ru.get('a'), 'Включите "ssl", затем перечитайте конфигурацию');
  assert.equal(ru.get('c'), 'Старые "кавычки", как были');
  // what a writer produces reads back unchanged, whatever the quotes and commas
  for (const text of ['He said "hi", then left', '"', '""', 'a, "b", «в», ""c""', '']) {
    assert.equal(parseLoc(locLine('k', text), 'x.loc').get('k'), text);
  }
});
