// sql/README.md is the map of sql/: the build fails when a file is outside every range, when
// ranges overlap, or when a range holds no file (build/sql-ranges.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error build/*.mjs has no type declarations
import { parseSqlRanges, sqlRangeProblems } from '../../build/sql-ranges.mjs';

const REPO = join(import.meta.dirname, '../..');
const README = readFileSync(join(REPO, 'sql/README.md'), 'utf8');

test('every file of sql/ is in the range of its capability, and every range holds a file', () => {
  assert.deepEqual(sqlRangeProblems(readdirSync(join(REPO, 'sql')), README), []);
  assert.ok(parseSqlRanges(README).length >= 8);
});

test('a file outside every range, an empty range and overlapping ranges each fail, naming the file or line', () => {
  const readme = '| range | capability |\n| --- | --- |\n| 010–099 | engine |\n| 100–199 | trust |\n';
  assert.deepEqual(sqlRangeProblems(['010_a.sql', '150_b.sql'], readme), []);
  assert.deepEqual(sqlRangeProblems(['010_a.sql', '150_b.sql', '250_c.sql'], readme),
    ['sql/250_c.sql: 250 is in no range of sql/README.md; give it its capability\'s number or add the range']);
  assert.deepEqual(sqlRangeProblems(['010_a.sql'], readme),
    ['sql/README.md:4: range 100–199 (trust) holds no file; remove the line or use the range']);
  assert.match(sqlRangeProblems(['010_a.sql', '150_b.sql'], `${readme}| 150–160 | more |\n`).join('\n'), /sql\/README\.md:5: range 150–160 overlaps 100–199 \(line 4\)/);
  assert.deepEqual(sqlRangeProblems(['010_a.sql', '150_b.sql', 'x.sql'], readme), ['sql/x.sql: the name must start with a three-digit number (see sql/README.md)']);
  assert.deepEqual(sqlRangeProblems(['010_a.sql'], 'no table'), ['sql/README.md: no "| NNN–NNN | capability |" rows']);
});
