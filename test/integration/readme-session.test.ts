// The README's psql session is executed, so it cannot drift from what the server does: every
// `postgres=# ` statement of README.md (with its continuation lines) runs, in order, as the
// superuser of a fresh PostgreSQL 18 server with pljs and pg_cron set up as the README says,
// and where the README shows a result (a header, a dashed line, rows) the server's result
// must have those columns and, cell by cell, those rows. A `...` line stands for any number
// of rows (the rows before it are the first ones, the rows after it the last ones); a
// `(N rows)` line must match the count. README_SESSION_PRINT=1 prints every result as psql
// would, to paste into the README when the session changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DEFAULT_HBA, startCluster, type Cluster } from '../../src/harness/index.ts';
import { pljsInstall, REPO } from './support.ts';

/** One statement of the session, where it is in README.md, and the result shown under it. */
interface Step { sql: string; line: number; shown: string[] }

/** Whether `text` ends a statement: a `;` outside quotes, comments and dollar quotes. */
function complete(text: string): boolean {
  let quote: string | null = null;
  let last = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (text.startsWith(quote, i)) { i += quote.length - 1; quote = null; }
      continue;
    }
    if (c === "'") { quote = "'"; continue; }
    if (c === '-' && text[i + 1] === '-') { const nl = text.indexOf('\n', i); if (nl < 0) break; i = nl; continue; }
    const dollar = /^\$[A-Za-z_]*\$/.exec(text.slice(i));
    if (dollar) { quote = dollar[0]; i += dollar[0].length - 1; continue; }
    if (!/\s/.test(c)) last = c;
  }
  return quote === null && last === ';';
}

/** The session's statements and the results shown under them, from the README text. */
export function readmeSession(markdown: string): Step[] {
  const lines = markdown.split('\n');
  const steps: Step[] = [];
  const PROMPT = /^ {4}postgres=# (.*)$/;
  for (let i = 0; i < lines.length; i++) {
    const m = PROMPT.exec(lines[i]);
    if (!m) continue;
    const line = i + 1;
    let sql = m[1];
    while (!complete(sql)) {
      i++;
      assert.ok(i < lines.length && lines[i].startsWith('    ') && !PROMPT.test(lines[i]), `README.md:${line}: the statement does not end with ;`);
      sql += `\n${lines[i].slice(4)}`;
    }
    const shown: string[] = [];
    while (i + 1 < lines.length && lines[i + 1].startsWith('    ') && lines[i + 1].trim() !== '' && !PROMPT.test(lines[i + 1])) {
      shown.push(lines[++i].slice(4));
    }
    steps.push({ sql, line, shown });
  }
  return steps;
}

const NUMERIC = new Set([20, 21, 23, 26, 700, 701, 1700]);

/** A result as psql's aligned format prints it (without the row count). */
function psqlTable(fields: pg.FieldDef[], rows: (string | null)[][]): string[] {
  const cells = rows.map((r) => r.map((v) => v ?? ''));
  const widths = fields.map((f, c) => Math.max(f.name.length, ...cells.map((r) => r[c].length)));
  const header = fields.map((f, c) => {
    const pad = widths[c] - f.name.length;
    return ' '.repeat(Math.floor(pad / 2)) + f.name + ' '.repeat(pad - Math.floor(pad / 2));
  });
  const row = (r: string[]) => r.map((v, c) => (NUMERIC.has(fields[c].dataTypeID) ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join(' | ');
  return [` ${header.join(' | ')}`.trimEnd(), widths.map((w) => '-'.repeat(w + 2)).join('+'), ...cells.map((r) => ` ${row(r)}`.trimEnd())];
}

const split = (line: string, columns: number): string[] => {
  const parts = line.split('|').map((p) => p.trim());
  assert.equal(parts.length, columns, `"${line}" has ${parts.length} cells, the result ${columns} columns`);
  return parts;
};

/** Compares what the README shows with the server's result; the message shows the real one. */
function compare(step: Step, fields: pg.FieldDef[], rows: (string | null)[][]): void {
  const actual = psqlTable(fields, rows);
  const where = `README.md:${step.line}: ${step.sql.split('\n')[0]}\nthe server returned:\n${actual.join('\n')}\n(${rows.length} rows)\nthe README shows:\n${step.shown.join('\n')}`;
  assert.ok(step.shown.length >= 2 && /^-+(\+-+)*$/.test(step.shown[1]), `${where}\n: a result starts with a header and a dashed line`);
  assert.deepEqual(split(step.shown[0], fields.length), fields.map((f) => f.name), where);
  let body = step.shown.slice(2);
  const count = /^\((\d+) rows?\)$/.exec(body.at(-1) ?? '');
  if (count) {
    assert.equal(Number(count[1]), rows.length, where);
    body = body.slice(0, -1);
  }
  const cells = rows.map((r) => r.map((v) => v ?? ''));
  const gap = body.findIndex((l) => l.trim() === '...');
  const head = (gap < 0 ? body : body.slice(0, gap)).map((l) => split(l, fields.length));
  const tail = gap < 0 ? [] : body.slice(gap + 1).map((l) => split(l, fields.length));
  if (gap < 0) assert.equal(cells.length, head.length, `${where}\n: row count`);
  else assert.ok(cells.length >= head.length + tail.length, `${where}\n: fewer rows than shown`);
  assert.deepEqual(cells.slice(0, head.length), head, where);
  if (tail.length) assert.deepEqual(cells.slice(cells.length - tail.length), tail, where);
}

let cluster: Cluster;
before(async () => {
  const install = await pljsInstall();
  assert.ok(install.extensions.includes('pg_cron'), 'the PG 18 tree has pg_cron');
  // as the README's session says: pg_cron preloaded for database postgres, and pg_hba.conf
  // with a trust line for 127.0.0.1 and an md5 line for 10.0.0.0/8. Jobs are scheduled but
  // never launched here (cron.launch_active_jobs): an hourly job firing during the test
  // would add a run to what the session shows.
  cluster = await startCluster(install, {
    sharedPreload: ['pg_cron'],
    settings: { 'cron.database_name': 'postgres', 'cron.launch_active_jobs': 'off' },
    hba: [...DEFAULT_HBA, 'host all all 10.0.0.0/8 md5'],
  });
});
after(async () => { await cluster?.stop(); });

test('the README session parses: statements, results shown under them', () => {
  const steps = readmeSession(readFileSync(join(REPO, 'README.md'), 'utf8'));
  assert.ok(steps.length >= 10, `${steps.length} statements`);
  assert.ok(steps.filter((s) => s.shown.length).length >= 6, 'most steps show what the server answers');
  assert.match(steps[0].sql, /^CREATE EXTENSION/);
  // the parser itself: continuation lines, quotes with ; inside, trailing comments
  const parsed = readmeSession([
    '    postgres=# SELECT 1 AS a,',
    "               ';' AS b;  -- c",
    '     a | b',
    '    ---+---',
    '     1 | ;',
    '',
  ].join('\n'));
  assert.deepEqual(parsed, [{ sql: "SELECT 1 AS a,\n           ';' AS b;  -- c", line: 1, shown: [' a | b', '---+---', ' 1 | ;'] }]);
});

test('the comparison: ... stands for rows, (N rows) must match, a different cell or column fails', () => {
  const fields = [{ name: 'id', dataTypeID: 23 }, { name: 'name', dataTypeID: 25 }] as pg.FieldDef[];
  const rows = [['1', 'a'], ['2', null], ['3', 'c'], ['4', 'd']];
  const step = (shown: string[]): Step => ({ sql: 'SELECT', line: 1, shown: [' id | name', '----+------', ...shown] });
  compare(step([' 1 | a', '...', ' 4 | d']), fields, rows);
  compare(step([' 1 | a', ' 2 |', '...']), fields, rows);
  compare(step([' 1 | a', ' 2 |', ' 3 | c', ' 4 | d', '(4 rows)']), fields, rows);
  assert.throws(() => compare(step([' 1 | a', ' 2 |', ' 3 | c']), fields, rows), /row count/);
  assert.throws(() => compare(step([' 1 | a', '...', ' 4 | e']), fields, rows), /the server returned/);
  assert.throws(() => compare(step([' 1 | a', '...', '(3 rows)']), fields, rows), /the server returned/);
  assert.throws(() => compare({ sql: 'SELECT', line: 1, shown: [' id | nom', '----+-----', ' 1 | a'] }, fields, rows.slice(0, 1)), /the server returned/);
});

test('every statement of the README session runs and returns what the README shows', async () => {
  const steps = readmeSession(readFileSync(join(REPO, 'README.md'), 'utf8'));
  // text as psql prints it: no parsing of any type
  const client = new pg.Client({ ...cluster.clientConfig(), types: { getTypeParser: () => (v: string) => v } });
  await client.connect();
  const print = process.env.README_SESSION_PRINT === '1';
  // every result is compared; the mismatches are reported together at the end
  const wrong: string[] = [];
  try {
    for (const step of steps) {
      const res = await client.query({ text: step.sql, rowMode: 'array' }).catch((e: Error) => {
        throw new Error(`README.md:${step.line}: ${step.sql}\n${e.message}`);
      });
      const rows = (res.rows ?? []) as (string | null)[][];
      if (print) process.stdout.write(`postgres=# ${step.sql}\n${res.fields?.length ? `${psqlTable(res.fields, rows).join('\n')}\n` : ''}\n`);
      if (step.shown.length) {
        try {
          compare(step, res.fields, rows);
        } catch (e) {
          wrong.push((e as Error).message);
        }
      }
    }
  } finally {
    await client.end();
  }
  assert.deepEqual(wrong, [], `${wrong.length} result(s) differ from the README:\n\n${wrong.join('\n\n')}`);
});
