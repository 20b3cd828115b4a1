// Running pgTAP scripts through the `pg` client and reading their TAP output.
import pg from 'pg';
import type { Client } from 'pg';

export interface TapResult {
  planned: number | null;
  passed: number;
  failed: number;
  /** one entry per failure: the "not ok" line plus its "#" diagnostics, or an error/plan message */
  failures: string[];
  /** every TAP line produced, in order */
  output: string[];
}

/** text, varchar, bpchar, name, unknown: pgTAP functions return text; other columns are not TAP. */
const TEXT_TYPES = new Set([25, 1043, 1042, 19, 705]);

/**
 * Run a whole pgTAP script (BEGIN; SELECT plan(n); ...; SELECT * FROM finish(); ROLLBACK;)
 * as one simple-protocol query, so multiple statements are allowed. Rows are taken from
 * 'row' events, which keeps the output of statements that ran before an SQL error.
 */
export async function runPgTapFile(client: Client, sqlText: string): Promise<TapResult> {
  const output: string[] = [];
  let sqlError: Error | null = null;
  // rowMode 'array' keeps same-named columns apart; it does not force the extended protocol
  const q = new pg.Query({ text: sqlText, rowMode: 'array' } as pg.QueryConfig & { rowMode: 'array' });
  q.on('row', (row: unknown[], result?: { fields: Array<{ dataTypeID: number }> }) => {
    row.forEach((v, i) => {
      if (typeof v === 'string' && TEXT_TYPES.has(result?.fields[i]?.dataTypeID ?? 0)) output.push(...v.split('\n'));
    });
  });
  await new Promise<void>((resolve) => {
    q.on('end', () => resolve());
    q.on('error', (e: Error) => {
      sqlError = e;
      resolve();
    });
    client.query(q);
  });
  if (sqlError) {
    // the script's transaction is now aborted: leave the session usable
    await client.query('ROLLBACK').catch(() => {});
  }
  return parseTap(output, sqlError);
}

/** Parse TAP lines. A plan/ran mismatch, a bail out and an SQL error each count as a failure. */
export function parseTap(output: string[], sqlError: Error | null = null): TapResult {
  let planned: number | null = null;
  let passed = 0;
  let failed = 0;
  let ran = 0;
  const failures: string[] = [];
  let current: string[] | null = null; // diagnostics following a "not ok" line
  for (const line of output) {
    const test = /^(not )?ok\b(?:\s+\d+)?(.*)$/.exec(line);
    if (test) {
      ran++;
      current = null;
      // "not ok ... # TODO" is an expected failure in TAP, not a failure
      const todo = /#\s*TODO\b/i.test(test[2]);
      if (test[1] && !todo) {
        failed++;
        current = [line];
        failures.push('');
      } else {
        passed++;
      }
      if (current) failures[failures.length - 1] = current.join('\n');
      continue;
    }
    const plan = /^1\.\.(\d+)/.exec(line);
    if (plan) {
      planned = Number(plan[1]);
      current = null;
      continue;
    }
    if (/^Bail out!/i.test(line)) {
      failed++;
      failures.push(line);
      current = null;
      continue;
    }
    if (current && line.startsWith('#')) {
      current.push(line);
      failures[failures.length - 1] = current.join('\n');
    }
  }
  if (sqlError) {
    failed++;
    failures.push(`SQL error: ${sqlError.message}`);
  }
  if (planned !== null && planned !== ran) {
    failed++;
    failures.push(`planned ${planned} test(s) but ran ${ran}`);
  } else if (planned === null && ran === 0 && !sqlError) {
    failed++;
    failures.push('no TAP output (no plan and no tests)');
  }
  return { planned, passed, failed, failures, output };
}
