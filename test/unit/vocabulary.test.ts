// The vocabulary is defined once (src/core/vocabulary.ts). The JSON schemas repeat some of
// its lists as enums so editors can help; these tests keep every copy equal to the source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { FAILED_REASONS, FINDING_STATUSES, LOCALES, ORIGINS, PROFILES, PROVIDERS, RUNTIMES, SEVERITIES, SKIP_REASONS, STATUSES, VALIDATOR_STATUSES } from '../../src/core/vocabulary.ts';

const schema = (name: string) => JSON.parse(readFileSync(`schema/${name}`, 'utf8'));

test('validator statuses are the statuses without Skipped', () => {
  assert.deepEqual([...VALIDATOR_STATUSES], STATUSES.filter((s) => s !== 'Skipped'));
});

test('schema/report-v1.schema.json enums equal the vocabulary', () => {
  const s = schema('report-v1.schema.json');
  const text = JSON.stringify(s);
  const enums: unknown[][] = [];
  JSON.parse(text, (_k, v) => { if (v && typeof v === 'object' && Array.isArray(v.enum)) enums.push(v.enum); return v; });
  const has = (list: readonly unknown[]) => enums.some((e) => JSON.stringify(e) === JSON.stringify(list));
  assert.ok(has(STATUSES), 'status enum');
  assert.ok(has(SKIP_REASONS), 'skip_reason enum');
  assert.ok(has(ORIGINS), 'origin enum');
  assert.ok(has(RUNTIMES), 'runtime enum');
  assert.ok(has([...SEVERITIES, null]), 'severity enum (or null)');
  assert.ok(has(PROFILES), 'run.profile.requested enum');
  assert.ok(has(PROFILES.filter((p) => p !== 'auto')), 'run.profile.applied enum');
  assert.ok(has([...PROVIDERS, null]), 'run.profile.provider enum (or null)');
  assert.ok(has([null, ...FAILED_REASONS]), 'reasons a Failed result may carry (or null)');
});

test('schema/check.schema.json severity enum equals SEVERITIES', () => {
  assert.deepEqual(schema('check.schema.json').properties.severity.enum, SEVERITIES);
});

test('schema/group.schema.json asks for every locale', () => {
  const localized = schema('group.schema.json').definitions.localized;
  assert.deepEqual(localized.required, LOCALES);
  assert.deepEqual(Object.keys(localized.properties), LOCALES);
});

test('schema/fixtures.schema.json statuses equal the vocabulary', () => {
  const expect = schema('fixtures.schema.json').definitions.expect.properties;
  assert.deepEqual(expect.status.enum, STATUSES);
  assert.deepEqual(expect.status_not.enum, STATUSES);
});

/** The quoted values of `<column> IN (...)` in a SQL file. */
function sqlList(file: string, column: string): string[] {
  const m = new RegExp(`${column}\\s+(?:NOT\\s+)?IN\\s*\\(([^)]*)\\)`).exec(readFileSync(file, 'utf8'));
  assert.ok(m, `${file}: ${column} IN (...)`);
  return [...m[1].matchAll(/'([^']*)'/g)].map((x) => x[1]);
}

/** sql/NNN_table_<name>.sql */
function tableFile(name: string): string {
  const file = readdirSync('sql').find((f) => new RegExp(`^\\d+_table_${name}\\.sql$`).test(f));
  assert.ok(file, `sql/NNN_table_${name}.sql`);
  return `sql/${file}`;
}

test('the CHECK constraints of sec_check.runs and sec_check.results equal the vocabulary', () => {
  assert.deepEqual(sqlList(tableFile('runs'), 'origin'), ORIGINS);
  assert.deepEqual(sqlList(tableFile('runs'), 'runtime'), RUNTIMES);
  assert.deepEqual(sqlList(tableFile('results'), 'status'), STATUSES);
  assert.deepEqual(sqlList(tableFile('results'), 'skip_reason'), SKIP_REASONS);
  assert.deepEqual(sqlList('test/pgtap/03_run.sql', 'status'), STATUSES);
});

test('FINDING_STATUSES are exactly the statuses sec_check.status_rank ranks above 0 (what the findings views track)', () => {
  const sql = readFileSync('sql/220_function_status_rank.sql', 'utf8');
  const ranked = [...sql.matchAll(/WHEN '(\w+)' THEN (\d+)/g)].filter((m) => Number(m[2]) > 0).map((m) => m[1]).sort();
  assert.ok(ranked.length > 0, 'status_rank parsed');
  assert.deepEqual([...FINDING_STATUSES].sort(), ranked);
});
