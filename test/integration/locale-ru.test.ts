// A `ru` run leaves no English sentence in any status text: the built-in catalog in the
// database and from the CLI, run by a monitoring role that cannot read pg_authid or
// pg_hba_file_rules (Failed) and with shell checks in the database (Skipped), and a foreign
// pack with no engine.* messages (version gate, executor error, broken validator) that gets
// the engine's bundled Russian texts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Cluster } from '../../src/harness/index.ts';
import { CATALOG, cli, configOf, connArgs, startPg18WithSecCheck, tempPrefix, writePack } from './support.ts';

let pg: Cluster;
before(async () => {
  pg = await startPg18WithSecCheck();
  await pg.query(`CREATE ROLE auditor LOGIN`);
  await pg.query(`GRANT pg_monitor, pg_read_all_settings TO auditor`);
  await pg.query(`SELECT sec_check.grant_audit_access('auditor')`);
});
after(async () => { await pg?.stop(); });

interface Row { check_id: string | null; check_name: string; status: string; skip_reason: string | null; short_description: string; full_description: string; recommendation: string }

// Lowercase English function words: any one of them in Russian prose means an untranslated
// sentence. Setting values that look like words (on, off, all, none) are not in the list.
const ENGLISH_WORDS = new Set(['the', 'is', 'are', 'was', 'were', 'be', 'been', 'not', 'could', 'cannot', 'should',
  'must', 'this', 'that', 'these', 'those', 'to', 'of', 'for', 'with', 'and', 'or', 'from', 'it', 'its', 'has',
  'have', 'does', 'here', 'there', 'needs', 'nothing', 'will', 'your', 'you', 'than', 'which', 'when', 'if',
  'because', 'only', 'by', 'an']);

/**
 * English prose left in a text, or null. Code spans (server messages, paths, commands) are
 * data, not sentences, and so are identifiers (pg_monitor, Etc/UTC, TCP/IP, 18.4) and
 * uppercase SQL words (CREATE, SUPERUSER); product names (PostgreSQL, pgAudit) are allowed.
 * Prose is English when it has an English function word or two lowercase Latin words in a row.
 */
export function englishIn(text: string): string | null {
  const prose = text
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<\/?[a-z]+\s*\/?>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
  const tokens = prose.split(/[\s,;:()«»"'!?—–]+/).map((t) => t.replace(/\.+$/, '')).filter(Boolean);
  const lowerWord = (t: string | undefined) => t !== undefined && /^[a-z]{2,}$/.test(t);
  for (let i = 0; i < tokens.length; i++) {
    if (ENGLISH_WORDS.has(tokens[i])) return tokens[i];
    if (lowerWord(tokens[i]) && lowerWord(tokens[i + 1])) return `${tokens[i]} ${tokens[i + 1]}`;
  }
  return null;
}

/** Runs an audit and returns its stored results (rich texts, as the reports get them). */
async function richRun(client: { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }> }, runSql: string): Promise<Row[]> {
  const [{ id }] = (await client.query(runSql)).rows as { id: string }[];
  return (await client.query('SELECT * FROM sec_check.run_results($1) ORDER BY ordinal', [id])).rows as Row[];
}

function englishProblems(rows: Row[]): string[] {
  const problems: string[] = [];
  for (const r of rows) {
    for (const field of ['short_description', 'full_description', 'recommendation'] as const) {
      const hit = englishIn(r[field] ?? '');
      if (hit) problems.push(`${r.check_id ?? r.check_name} ${r.status} ${field}: "${hit}" in ${JSON.stringify(r[field].slice(0, 160))}`);
    }
  }
  return problems;
}

test('the detector finds English sentences (it can fail) and passes Russian with identifiers', () => {
  assert.equal(englishIn('Could not verify: the data could not be read.'), 'not');
  assert.equal(englishIn('<p>Not applicable to PostgreSQL 14.</p>'), 'applicable to');
  assert.equal(englishIn('В log_line_prefix не хватает: client host (%h or %r).'), 'client host');
  assert.equal(englishIn('Проверить не удалось: <code>a.sql: permission denied for table pg_authid</code>'), null);
  assert.equal(englishIn('Выдайте роли pg_monitor и pg_read_all_settings; PostgreSQL 18, TLS (ssl) выключен, CREATE, ALTER.'), null);
});

test('in-database ru run of the built-in catalog by a monitoring role: Failed and Skipped checks, no English', async () => {
  const client = await pg.connect('auditor');
  try {
    // the stored (rich) texts: server data stays marked as <code>, which the detector skips
    // (run() itself returns plain text for psql)
    const ru = await richRun(client, `SELECT max(run_id) AS id FROM sec_check.run(NULL, 'ru')`);
    const failed = ru.filter((r) => r.status === 'Failed');
    const agent = ru.filter((r) => r.skip_reason === 'host_agent_required');
    assert.ok(failed.length >= 5, `expected checks the auditor cannot verify, got ${failed.length}`);
    assert.ok(agent.length >= 1, 'shell checks are skipped in the database');
    assert.ok(ru.some((r) => r.status !== 'Success' && r.status !== 'Failed' && r.status !== 'Skipped'), 'some checks find something');
    assert.deepEqual(englishProblems(ru), []);
    // the same run in English is caught by the detector: the assertion above can fail
    const en = (await client.query(`SELECT * FROM sec_check.run(NULL, 'en')`)).rows as Row[];
    const enProblems = englishProblems(en.filter((r) => r.status === 'Failed' || r.status === 'Skipped'));
    assert.ok(enProblems.length >= failed.length + agent.length, `the detector flags English texts: ${enProblems.length}`);
  } finally {
    await client.end();
  }
});

test('CLI --locale ru run of the built-in catalog by the same role: no English in any status text', async () => {
  const out = tempPrefix('ru');
  const res = await cli(['run', ...connArgs(pg, 'auditor'), '--config', CATALOG, '--locale', 'ru', '--format', 'Json', '--output', out, '--fail-on', 'never']);
  assert.equal(res.code, 0, res.stderr);
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  const rows: Row[] = report.results.map((r: Record<string, string>) => ({ ...r, check_name: r.name }));
  assert.ok(rows.filter((r) => r.status === 'Failed').length >= 5);
  assert.deepEqual(englishProblems(rows), []);
});

test('a foreign pack without engine messages gets the engine Russian texts (version, executor error, shell, validator)', async () => {
  const config = writePack({
    'config.json': configOf('foreign', [
      { name: 'future', id: 'future', executors: [{ script: 'q/ok.sql', min_ver: '99' }], validators: [{ script: 'v/ok.lua' }] },
      { name: 'denied', id: 'denied', executors: [{ script: 'q/authid.sql' }], validators: [{ script: 'v/ok.lua' }] },
      { name: 'host', id: 'host', executors: [{ script: 'q/probe.sh' }], validators: [{ script: 'v/ok.lua' }] },
      { name: 'broken', id: 'broken', executors: [{ script: 'q/ok.sql' }], validators: [{ script: 'v/bad.lua' }] },
    ]),
    'q/ok.sql': 'SELECT 1 AS one',
    'q/authid.sql': 'SELECT rolname FROM pg_authid',
    'q/probe.sh': 'echo hi',
    'v/ok.lua': 'function validate_result() return { status = "Success", short_description = "ок", full_description = "", recommendation = "" } end\n',
    'v/bad.lua': 'function validate_result() return { status = "Great" } end\n',
    'localizations/ru.loc': 'future.name,"Будущее"\n',
  });
  const up = await cli(['pack', '--config', config, '--upload', 'foreign', ...connArgs(pg)]);
  assert.equal(up.code, 0, up.stderr);
  const client = await pg.connect('auditor');
  try {
    const rows = await richRun(client, `SELECT max(run_id) AS id FROM sec_check.run(NULL, 'ru', 'foreign')`);
    const by = Object.fromEntries(rows.map((r) => [r.check_id, r]));
    assert.deepEqual([by.future.status, by.future.skip_reason], ['Skipped', 'version']);
    assert.match(by.future.short_description, /^Не применяется к PostgreSQL 18\./);
    assert.equal(by.denied.status, 'Failed');
    assert.match(by.denied.full_description, /<code>q\/authid\.sql: permission denied for table pg_authid<\/code>/);
    assert.deepEqual([by.host.status, by.host.skip_reason], ['Skipped', 'host_agent_required']);
    assert.equal(by.broken.status, 'Failed');
    assert.match(by.broken.full_description, /неизвестный статус <code>Great<\/code>/);
    assert.deepEqual(englishProblems(rows), []);
  } finally {
    await client.end();
  }
});
