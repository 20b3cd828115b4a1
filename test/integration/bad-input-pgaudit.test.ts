// Bad input to `sec-check pgaudit ingest`: each case exits 2 with ONE line on stderr naming the
// option, file or value, prints no stack trace and no event, stores nothing (a valid csvlog
// with an AUDIT record sits in the log directory, so a case that slipped through would leave
// rows behind) and leaves a given state file as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, connArgs, startPg18WithSecCheck } from './support.ts';

let pg: Cluster;
let dir: string;
let work: string;

const RECORD = 'AUDIT: OBJECT,1,1,READ,SELECT,TABLE,public.account,SELECT password FROM account,<not logged>';
const CSV_LINE = `2026-11-30 04:57:24.065 UTC,"postgres","postgres",31769,"127.0.0.1:37518",6b0d0234.7c19,1,"SELECT",2026-11-30 04:57:24 UTC,3/5,0,LOG,00000,"${RECORD}",,,,,,,,,"psql","client backend",,0\n`;

before(async () => {
  pg = await startPg18WithSecCheck();
  await pg.query('CREATE DATABASE no_sec_check');
  await pg.query('CREATE ROLE not_granted LOGIN');
  work = mkdtempSync(join(tmpdir(), 'pgaudit-bad-'));
  dir = join(work, 'log');
  (await import('node:fs')).mkdirSync(dir);
  writeFileSync(join(dir, 'postgresql.csv'), CSV_LINE);
  writeFileSync(join(dir, 'postgresql.log'), '2026-11-30 04:57:24.065 UTC [31769] LOG:  ' + RECORD + '\n');
  writeFileSync(join(work, 'garbage.json'), '{not json');
  writeFileSync(join(work, 'other.json'), JSON.stringify({ format: 'something-else', files: {} }));
  writeFileSync(join(work, 'negative.json'), JSON.stringify({ format: 'sec_check-pgaudit-ingest-state', version: 1, files: { k: { log_file: 'x', log_offset: -5 } } }));
});
after(async () => { await pg?.stop(); });

interface Case { name: string; args: (c: { conn: string[]; work: string }) => string[]; stderr: RegExp; state?: string }
const CASES: Case[] = [
  { name: 'no subcommand', args: () => ['pgaudit', '--log-dir', dir], stderr: /a subcommand is required: sec-check pgaudit ingest/ },
  { name: 'unknown subcommand', args: () => ['pgaudit', 'eat', '--log-dir', dir], stderr: /unknown subcommand "eat" \(ingest\)/ },
  { name: 'no --log-dir', args: () => ['pgaudit', 'ingest'], stderr: /--log-dir DIR is required/ },
  { name: 'empty --log-dir', args: () => ['pgaudit', 'ingest', '--log-dir', ''], stderr: /--log-dir/ },
  { name: 'missing directory', args: (c) => ['pgaudit', 'ingest', '--log-dir', join(c.work, 'nope')], stderr: /--log-dir ".*nope": directory not found/ },
  { name: '--log-dir is a file', args: () => ['pgaudit', 'ingest', '--log-dir', join(dir, 'postgresql.csv')], stderr: /--log-dir ".*postgresql\.csv": is not a directory \(a regular file\)/ },
  { name: 'unknown --format', args: () => ['pgaudit', 'ingest', '--log-dir', dir, '--format', 'xml'], stderr: /--format: auto, stderr, csvlog or jsonlog, not "xml"/ },
  { name: 'stderr without a prefix or connection', args: () => ['pgaudit', 'ingest', '--log-dir', dir, '--format', 'stderr'], stderr: /stderr logs need the server's log_line_prefix \(--log-line-prefix/ },
  { name: '--state with --store', args: (c) => ['pgaudit', 'ingest', '--log-dir', dir, '--store', '--state', join(c.work, 's.json'), ...c.conn], stderr: /--state is for runs without --store/ },
  { name: 'connection options without --store', args: (c) => ['pgaudit', 'ingest', '--log-dir', dir, ...c.conn], stderr: /connection options need --store/ },
  { name: '--poll-interval 0', args: () => ['pgaudit', 'ingest', '--log-dir', dir, '--follow', '--poll-interval', '0'], stderr: /--poll-interval: seconds between 0 and 3600, not "0"/ },
  { name: '--poll-interval without --follow', args: () => ['pgaudit', 'ingest', '--log-dir', dir, '--poll-interval', '5'], stderr: /--poll-interval needs --follow/ },
  { name: '--chunk-bytes not a number', args: () => ['pgaudit', 'ingest', '--log-dir', dir, '--chunk-bytes', 'lots'], stderr: /--chunk-bytes: not a positive number: "lots"/ },
  { name: 'repeated --format', args: () => ['pgaudit', 'ingest', '--log-dir', dir, '--format', 'csvlog', '--format', 'jsonlog'], stderr: /--format given more than once/ },
  { name: 'unknown option', args: () => ['pgaudit', 'ingest', '--log-dir', dir, '--fast'], stderr: /Unknown option '--fast'/ },
  { name: 'state file not JSON', args: (c) => ['pgaudit', 'ingest', '--log-dir', dir, '--state', join(c.work, 'garbage.json')], stderr: /--state ".*garbage\.json": not JSON/, state: 'garbage.json' },
  { name: 'state file of another kind', args: (c) => ['pgaudit', 'ingest', '--log-dir', dir, '--state', join(c.work, 'other.json')], stderr: /--state ".*other\.json": not a sec_check pgaudit state file/, state: 'other.json' },
  { name: 'state file with a negative offset', args: (c) => ['pgaudit', 'ingest', '--log-dir', dir, '--state', join(c.work, 'negative.json')], stderr: /--state ".*negative\.json": not a sec_check pgaudit state file/, state: 'negative.json' },
  { name: '--store where sec_check is not installed', args: () => ['pgaudit', 'ingest', '--log-dir', dir, '--store', '--host', pg.socketDir, '--port', String(pg.port), '--user', 'postgres', '--database', 'no_sec_check'], stderr: /--store: the sec_check extension \(0\.3\.0 or later\) is not installed/ },
  { name: '--store as a role without the grant', args: () => ['pgaudit', 'ingest', '--log-dir', dir, '--store', ...connArgs(pg, 'not_granted')], stderr: /--store: permission denied .*grant_pgaudit_ingest\('ROLE'\)/ },
  { name: '--store to a server that is not there', args: () => ['pgaudit', 'ingest', '--log-dir', dir, '--store', '--host', pg.socketDir, '--port', '1', '--user', 'postgres'], stderr: /cannot connect/ },
];

test('bad input to sec-check pgaudit ingest: exit 2, one line, nothing printed or stored', async () => {
  const conn = connArgs(pg);
  for (const c of CASES) {
    const statePath = c.state ? join(work, c.state) : null;
    const stateBefore = statePath ? readFileSync(statePath, 'utf8') : null;
    const r = await cli(c.args({ conn, work }));
    assert.equal(r.code, 2, `${c.name}: exit ${r.code}\n${r.stderr}`);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `${c.name}: one line, got:\n${r.stderr}`);
    assert.match(lines[0], /^sec-check pgaudit: /, c.name);
    assert.match(lines[0], c.stderr, c.name);
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${c.name}: no stack trace`);
    assert.equal(r.stdout, '', `${c.name}: nothing printed`);
    if (statePath) assert.equal(readFileSync(statePath, 'utf8'), stateBefore, `${c.name}: state file untouched`);
  }
  const rows = await pg.query('SELECT (SELECT count(*) FROM sec_check.audit_events)::int AS e, (SELECT count(*) FROM sec_check.audit_ingest_state)::int AS s');
  assert.deepEqual(rows[0], { e: 0, s: 0 });
  // the control: the same directory is ingested fine (so the cases above failed for their reason)
  const ok = await cli(['pgaudit', 'ingest', '--log-dir', dir, '--store', ...conn]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal((await pg.query('SELECT count(*)::int AS n FROM sec_check.audit_events'))[0].n, 1);
});
