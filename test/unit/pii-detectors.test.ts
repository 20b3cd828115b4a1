// PII detectors: each checksum accepts known-valid numbers and refuses near misses; each
// detector finds its kind in text and json-like strings and ignores the decoys; the rules
// bundle matches its schema and the categories in the core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cardPrefixPlausible, ibanValid, innValid, luhnValid, snilsValid, ssnValid } from '../../src/core/pii/checksums.ts';
import { DETECTORS } from '../../src/core/pii/detectors.ts';
import { PII_CATEGORIES } from '../../src/core/pii/rules.ts';
import { parsePiiOptions, PiiOptionsError } from '../../src/core/pii/scan.ts';
import { compilePii } from '../../build/compile-pii.ts';
import { SEVERITIES } from '../../src/core/vocabulary.ts';

test('Luhn: published test card numbers pass, one changed digit fails', () => {
  for (const n of ['4242424242424242', '4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '2200000000000004']) {
    assert.ok(luhnValid(n), n);
    const last = Number(n.slice(-1));
    assert.ok(!luhnValid(n.slice(0, -1) + ((last + 1) % 10)), `${n} with a wrong check digit`);
  }
  assert.ok(!luhnValid('42a2'));
  assert.ok(cardPrefixPlausible('4242424242424242'));
  assert.ok(!cardPrefixPlausible('9242424242424242'), 'no issuer starts with 9');
  assert.ok(!cardPrefixPlausible('4242424242424'.slice(0, 12)), 'too short');
});

test('IBAN mod-97: valid examples pass, a changed digit or letter fails', () => {
  for (const n of ['DE89370400440532013000', 'GB82WEST12345698765432', 'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'CH9300762011623852957']) {
    assert.ok(ibanValid(n), n);
    assert.ok(!ibanValid(n.slice(0, 5) + ((Number(n[5]) + 1) % 10) + n.slice(6)) || /[A-Z]/.test(n[5]), `${n} altered`);
  }
  assert.ok(!ibanValid('GB82WEST12345698765433'));
  assert.ok(!ibanValid('DE89 3704 0044 0532 0130 00'), 'the checksum takes the compact form');
  assert.ok(!ibanValid('XX00'), 'too short');
});

test('INN: 10 and 12 digits with control digits', () => {
  assert.ok(innValid('7707083893'), 'Sberbank INN');
  assert.ok(!innValid('7707083894'));
  assert.ok(innValid('500100732259'));
  assert.ok(!innValid('500100732258'));
  assert.ok(!innValid('500100732249'), 'first control digit wrong');
  assert.ok(!innValid('77070838930'), '11 digits');
});

test('SNILS: control number, including the 100/101 and >101 cases', () => {
  assert.ok(snilsValid('11223344595'), '112-233-445 95');
  assert.ok(!snilsValid('11223344596'));
  // body whose weighted sum is exactly 100 → control 00: 0 0 0 0 0 2 0 8 ... find one by search
  let found100 = false;
  for (let b = 1002000; b < 1100000 && !found100; b++) {
    const s = String(b).padStart(9, '0');
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(s[i]) * (9 - i);
    if (sum === 100) { assert.ok(snilsValid(`${s}00`), `${s} 00`); assert.ok(!snilsValid(`${s}99`)); found100 = true; }
  }
  assert.ok(found100);
  assert.ok(!snilsValid('00100199800'), 'numbers up to 001-001-998 have no control');
});

test('SSN: area, group and serial rules', () => {
  assert.ok(ssnValid('123', '45', '6789'));
  for (const [a, g, s] of [['000', '45', '6789'], ['666', '45', '6789'], ['900', '45', '6789'], ['123', '00', '6789'], ['123', '45', '0000']]) {
    assert.ok(!ssnValid(a, g, s), `${a}-${g}-${s}`);
  }
});

const found = (detector: string, text: string) => DETECTORS[detector](text)?.value ?? null;

test('detectors find values in free text and refuse decoys', () => {
  const cases: [string, string, string | null][] = [
    ['email', 'write to ivan.petrov@mail.example.ru today', 'ivan.petrov@mail.example.ru'],
    ['email', 'no at sign here, user at example dot com', null],
    ['phone', 'звоните +7 (912) 345-67-89', '+7 (912) 345-67-89'],
    ['phone', '8 912 345 67 89', '8 912 345 67 89'],
    ['phone', '+14155552671', '+14155552671'],
    ['phone', '89123456789', '89123456789'],
    ['phone', '81234567890', null],
    ['phone', 'order 12345678901', null],
    ['payment_card', 'card 4242 4242 4242 4242 ok', '4242 4242 4242 4242'],
    ['payment_card', '4242-4242-4242-4242', '4242-4242-4242-4242'],
    ['payment_card', '3782 822463 10005', '3782 822463 10005'],
    ['payment_card', 'order 4242424242424241', null],
    ['payment_card', '40702810123456789012', null],
    ['iban', 'pay to GB82 WEST 1234 5698 7654 32', 'GB82 WEST 1234 5698 7654 32'],
    ['iban', 'GB82WEST12345698765433', null],
    ['inn', 'ИНН 7707083893', '7707083893'],
    ['inn', '7707083894', null],
    ['snils', '112-233-445 95', '112-233-445 95'],
    ['snils', '112-233-445 96', null],
    ['passport_ru', 'паспорт 45 08 123456', '45 08 123456'],
    ['passport_ru', '4508 123456', '4508 123456'],
    ['passport_ru', '4508123456', null],
    ['passport_ru', 'amex 3782 822463 10005', null],
    ['payment_card', 'FR14 2004 1010 0505 0001 3M02 606', null],
    ['inn', 'NL91ABNA0417164300', null],
    ['inn', 'sha 3f2a7707083893c1', null],
    ['ssn', 'SSN 123-45-6789', '123-45-6789'],
    ['ssn', '666-45-6789', null],
    ['ssn', '123-45-678', null],
    ['ipv4', 'from 192.168.10.7 at', '192.168.10.7'],
    ['ipv4', 'Chrome/120.0.0.0 Safari', null],
    ['ipv4', '999.1.1.1', null],
    ['ipv6', '2001:db8:85a3:0:0:8a2e:370:7334', '2001:db8:85a3:0:0:8a2e:370:7334'],
    ['ipv6', 'fe80::1', 'fe80::1'],
    ['ipv6', '00:1a:2b:3c:4d:5e', null],
    ['ipv6', '12:30:45', null],
    ['jwt', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlMTIz', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlMTIz'],
    ['jwt', 'eyJub3RfYV9qd3QiOjF9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlMTIz', null],
    ['api_key', 'key=AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE'],
    ['api_key', 'AKIA-short', null],
    ['password_hash', '$2b$12$' + 'a'.repeat(53), '$2b$12$' + 'a'.repeat(53)],
    ['password_hash', 'md5' + 'ab'.repeat(16), 'md5' + 'ab'.repeat(16)],
    ['password_hash', 'ab'.repeat(16), null],
  ];
  for (const [detector, text, expect] of cases) assert.equal(found(detector, text), expect, `${detector}: ${text}`);
  const pem = `-----BEGIN RSA PRIVATE KEY-----\n${'A'.repeat(64)}\n-----END RSA PRIVATE KEY-----`;
  assert.equal(DETECTORS.private_key(pem)?.masked, '-----BEGIN RSA PRIVATE KEY----- ***');
  assert.equal(DETECTORS.private_key('-----BEGIN PUBLIC KEY-----\n' + 'A'.repeat(64)), null);
});

test('PII rules: the bundle compiles, categories equal the schema enum, bad rules are refused with the file and field', () => {
  const bundle = compilePii('pii', 'schema');
  assert.ok(bundle.rules.length >= 14);
  assert.deepEqual(JSON.parse(readFileSync('schema/pii-rule.schema.json', 'utf8')).properties.category.enum, [...PII_CATEGORIES]);
  assert.deepEqual(new Set(bundle.rules.map((r) => r.category)), new Set(PII_CATEGORIES), 'every category has a rule');
  for (const r of bundle.rules) assert.ok(r.messages.en.title && r.messages.ru.title, `${r.id} has en and ru texts`);
  const table = readFileSync('sql/418_table_pii_findings.sql', 'utf8');
  const listIn = (column: string) => [...(new RegExp(`${column}\\s+text NOT NULL CHECK \\(${column} IN \\(([^)]*)\\)`).exec(table)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]);
  assert.deepEqual(listIn('category'), [...PII_CATEGORIES], 'pii_findings.category CHECK equals PII_CATEGORIES');
  assert.deepEqual(listIn('severity'), [...SEVERITIES], 'pii_findings.severity CHECK equals SEVERITIES');

  const dir = mkdtempSync(join(tmpdir(), 'pii-rules-'));
  mkdirSync(join(dir, 'bad_rule'));
  const good = JSON.parse(readFileSync('pii/email/rule.json', 'utf8'));
  writeFileSync(join(dir, 'bad_rule', 'rule.json'), JSON.stringify({ ...good, id: 'bad_rule', detector: 'nope', prefilter: '(', severity: 'urgent' }));
  writeFileSync(join(dir, 'bad_rule', 'messages.json'), readFileSync('pii/email/messages.json', 'utf8'));
  assert.throws(() => compilePii(dir, 'schema'), /bad_rule\/rule\.json: severity: expected one of critical/);
  writeFileSync(join(dir, 'bad_rule', 'rule.json'), JSON.stringify({ ...good, id: 'bad_rule', detector: 'nope', prefilter: '(' }));
  assert.throws(() => compilePii(dir, 'schema'), (e: Error) => /detector: expected one of email/.test(e.message) && /prefilter: not a valid regex/.test(e.message));
  writeFileSync(join(dir, 'bad_rule', 'rule.json'), JSON.stringify({ ...good, id: 'bad_rule' }));
  writeFileSync(join(dir, 'bad_rule', 'messages.json'), JSON.stringify({ title: { en: 'x' }, description: { en: 'x', ru: 'y' } }));
  assert.throws(() => compilePii(dir, 'schema'), /messages\.json: title\.ru: missing/);
});

test('pii options: defaults, limits and unknown keys name the field', () => {
  assert.equal(parsePiiOptions({}).sample_rows, 200);
  assert.deepEqual(parsePiiOptions({ schemas: ['a'], exclude_tables: ['a.b'], sample_rows: 5 }).schemas, ['a']);
  assert.throws(() => parsePiiOptions({ sample_rows: 0 }), /options\.sample_rows: expected an integer from 1/);
  assert.throws(() => parsePiiOptions({ sample_rows: '10' }), PiiOptionsError);
  assert.throws(() => parsePiiOptions({ schema: ['a'] }), /options\.schema: unknown option/);
  assert.throws(() => parsePiiOptions({ exclude_tables: 'a.b' }), /options\.exclude_tables: expected an array/);
  assert.throws(() => parsePiiOptions([1]), /options: expected a JSON object/);
});

test('column verdicts: min_matches and ratio, a name hint lowers the ratio but never decides alone, json leaves count per document', async () => {
  const { classifyTable } = await import('../../src/core/pii/scan.ts');
  const { compileRules } = await import('../../src/core/pii/rules.ts');
  const rules = compileRules(compilePii('pii', 'schema'));
  const card = '4242 4242 4242 4242';
  const order = '4242 4242 4242 4241';
  const col = (name: string, kind: 'text' | 'json' = 'text') => ({ schema_name: 's', table_name: 't', columns: [{ name, kind }] });
  const rows = (values: unknown[]) => values.map((v, i) => ({ pk: { id: i + 1 }, v: [v] }));
  const cats = (name: string, values: unknown[], kind: 'text' | 'json' = 'text') =>
    classifyTable(col(name, kind), rows(values), rules, 'limit').map((f) => `${f.category}:${f.match_count}/${f.sampled}:${JSON.stringify(f.primary_key)}`);
  // 20 of 100 values are cards: below payment_card's 0.3 without a hint, enough with one (0.15)
  const mixed = [...Array(80).fill(order), ...Array(20).fill(card)];
  assert.deepEqual(cats('ref', mixed), []);
  assert.deepEqual(cats('card_number', mixed), ['payment_card:20/100:{"id":81}']);
  // a hint without matching values finds nothing
  assert.deepEqual(cats('credit_card', Array(100).fill(order)), []);
  // nulls do not count as sampled
  assert.deepEqual(cats('ref', [null, null, card, card, card]), ['payment_card:3/3:{"id":3}']);
  // two matches are below min_matches 3 even at 100%
  assert.deepEqual(cats('ref', [card, card]), []);
  // a single private key in free text is enough
  const pem = `-----BEGIN PRIVATE KEY-----\n${'Q'.repeat(64)}\n-----END PRIVATE KEY-----`;
  assert.deepEqual(cats('notes', [...Array(99).fill('hello'), pem]), ['secret:1/100:{"id":100}']);
  // json: a document counts once however many leaves match; documents without strings are not sampled
  assert.deepEqual(cats('doc', [['a@example.com', 'b@example.com'], ['x'], ['c@example.com'], ['d@example.com'], null], 'json'), ['email:3/4:{"id":1}']);
});
