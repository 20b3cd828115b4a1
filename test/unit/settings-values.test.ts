// Values as PostgreSQL parses them (src/core/settings/): each rule against the behaviour the
// server's source and documentation describe (the setting-spellings differential suite,
// test/differential/settings.test.ts, proves the same readings against live servers), and the
// settings fact's deriver (scopes, pending values, derived log_output/pgaudit rows).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { splitList, canonicalizePath, truncateIdentifier } from '../../src/core/settings/split.ts';
import { parseBool, parseEnum, parseInteger, parseRealNumber } from '../../src/core/settings/scalar.ts';
import { parseLibraries } from '../../src/core/settings/libraries.ts';
import { parseLogLinePrefix } from '../../src/core/settings/log-line-prefix.ts';
import { parsePgauditLog, parsePgauditLevel } from '../../src/core/settings/pgaudit.ts';
import { writtenToServerLog } from '../../src/core/settings/log-levels.ts';
import { readCipherList } from '../../src/core/settings/ciphers.ts';
import { parseSearchPath } from '../../src/core/settings/search-path.ts';
import { parseSetting } from '../../src/core/settings/parse.ts';
import { JUDGED_SETTINGS } from '../../src/core/settings/catalog.ts';
import { deriveSettings, type RawRow, type SettingRow } from '../../src/core/settings/derive.ts';

const items = (raw: string, how: 'identifier' | 'directories' | 'guc_list', major = 18) => {
  const r = splitList(raw, how, major);
  return r.ok ? r.items.map((i) => i.value) : `error: ${r.error}`;
};

test('SplitIdentifierString: unquoted items downcased and ended by whitespace, quoted ones kept, "" collapsed', () => {
  assert.deepEqual(items(' a , "B c" ,D', 'identifier'), ['a', 'B c', 'd']);
  assert.deepEqual(items('"x""y"', 'identifier'), ['x"y']);
  assert.deepEqual(items('', 'identifier'), []);
  assert.deepEqual(items(' \t ', 'identifier'), []);
  assert.match(String(items('a b', 'identifier')), /^error/);
  assert.match(String(items('a,,b', 'identifier')), /^error/);
  assert.match(String(items('a,', 'identifier')), /^error/);
  assert.match(String(items('"a', 'identifier')), /^error/);
  assert.match(String(items('"a"b', 'identifier')), /^error/);
  // identifiers are cut to 63 bytes, at a character boundary
  assert.equal(truncateIdentifier('x'.repeat(70)), 'x'.repeat(63));
  assert.equal(truncateIdentifier('é'.repeat(40)), 'é'.repeat(31));
  assert.deepEqual(items(`"${'A'.repeat(70)}"`, 'identifier'), ['A'.repeat(63)]);
  // vertical tab is whitespace from 16 on
  assert.deepEqual(items('a\v,b', 'identifier', 16), ['a', 'b']);
  assert.deepEqual(items('a\v,b', 'identifier', 15), ['a\v', 'b']);
});

test('SplitDirectoriesString: no downcasing, inner spaces kept, paths canonicalized; SplitGUCList keeps case', () => {
  assert.deepEqual(items(' pgaudit , "$libdir/Foo" ,/a//b/../c/ ', 'directories'), ['pgaudit', '$libdir/Foo', '/a/c']);
  assert.deepEqual(items('my lib , x', 'directories'), ['my lib', 'x']);
  assert.deepEqual(items('./pgaudit', 'directories'), ['pgaudit']);
  assert.equal(canonicalizePath('/..'), '/');
  assert.equal(canonicalizePath('$libdir/../lib/x'), 'lib/x');
  assert.deepEqual(items('Localhost, "::1"', 'guc_list'), ['Localhost', '::1']);
});

test('booleans: the words, their unambiguous prefixes, 1/0, any case; nothing else', () => {
  for (const v of ['on', 'ON', 'true', 't', 'TR', 'yes', 'y', '1']) assert.deepEqual(parseBool(v), { ok: true, value: true }, v);
  for (const v of ['off', 'OF', 'false', 'f', 'no', 'N', '0']) assert.deepEqual(parseBool(v), { ok: true, value: false }, v);
  for (const v of ['o', '', ' on', 'on ', 'truex', '2', '01', 'enable']) assert.equal(parseBool(v).ok, false, JSON.stringify(v));
});

test('enums: whole names, any case, hidden aliases', () => {
  const levels = JUDGED_SETTINGS.log_min_messages;
  assert.ok(levels.kind === 'enum');
  assert.deepEqual(parseEnum('DEBUG', levels.options(18)), { ok: true, value: 'debug2' });
  assert.equal(parseEnum('warn', levels.options(18)).ok, false);
  const pe = JUDGED_SETTINGS.password_encryption;
  assert.ok(pe.kind === 'enum');
  assert.deepEqual(parseEnum('on', pe.options(13)), { ok: true, value: 'md5' });
  assert.equal(parseEnum('on', pe.options(14)).ok, false);
  assert.deepEqual(parseEnum('SCRAM-SHA-256', pe.options(18)), { ok: true, value: 'scram-sha-256' });
});

test('numbers: strtol base 0, decimals rounded half to even, case-sensitive units converted and rounded as the server does', () => {
  const n = (raw: string, unit: string | null) => { const r = parseInteger(raw, unit); return r.ok ? r.value : 'error'; };
  assert.equal(n('10min', 'min'), 10);
  assert.equal(n('1h', 'min'), 60);
  assert.equal(n(' 1 d', 'min'), 1440);
  assert.equal(n('0x10', null), 16);
  assert.equal(n('0600', null), 384);
  assert.equal(n('08', null), 'error');
  assert.equal(n('1.5', null), 2);
  assert.equal(n('2.5', null), 2);
  assert.equal(n('30s', 'min'), 0);
  assert.equal(n('90s', 'min'), 2);
  assert.equal(n('1GB', 'kB'), 1048576);
  assert.equal(n('10 MB', 'kB'), 10240);
  assert.equal(n('10mb', 'kB'), 'error');
  assert.equal(n('10', 'kB'), 10);
  assert.equal(n('10kB', null), 'error');
  assert.equal(n('-1', 'ms'), -1);
  assert.equal(n('1e3', 'ms'), 1000);
  assert.equal(n('3000000000', null), 'error');
  assert.equal(n('100us', 'ms'), 0);
  assert.equal(n('1500us', 'ms'), 2);
  const r = parseRealNumber('0.5s', 'ms');
  assert.deepEqual(r, { ok: true, value: 500 });
});

test('libraries resolve to the module the loader loads: suffix, $libdir, paths; case-sensitive; local_preload_libraries under plugins', () => {
  const mods = (raw: string, restricted = false) => { const r = parseLibraries(raw, 18, restricted); return r.ok ? r.libraries.map((l) => `${l.module}@${l.location}`) : 'error'; };
  assert.deepEqual(mods('pgaudit, pgaudit.so, "$libdir/pgaudit", /usr/lib/postgresql/18/lib/pgaudit.so'),
    ['pgaudit@search_path', 'pgaudit@search_path', 'pgaudit@libdir', 'pgaudit@absolute']);
  assert.deepEqual(mods('PGAUDIT'), ['PGAUDIT@search_path']);
  assert.deepEqual(mods('"pgaudit, auth_delay"'), ['pgaudit, auth_delay@search_path']);
  assert.deepEqual(mods('auto_explain', true), ['auto_explain@plugins']);
  assert.deepEqual(mods('$foo/x'), ['x@bad_macro']);
  assert.equal(mods('a,,b'), 'error');
});

test('log_line_prefix: the escapes the server expands (%% is literal, padding, dangling %, unknown letters, per major)', () => {
  const p = parseLogLinePrefix('%m [%p] %%u %-10d %5h %q%u x', 18);
  assert.deepEqual(p.escapes, ['m', 'p', 'd', 'h', 'u']);
  assert.equal(p.session_only_tail, true);
  assert.deepEqual(parseLogLinePrefix('%t %', 18), { tokens: [{ esc: 't', pad: 0 }, { lit: ' ' }], escapes: ['t'], ignored: [], session_only_tail: false, truncated: true });
  assert.deepEqual(parseLogLinePrefix('a%%b%-5u%3zc', 18).tokens, [{ lit: 'a%b' }, { esc: 'u', pad: -5 }, { lit: 'c' }]);
  assert.deepEqual(parseLogLinePrefix('%t %-', 18).truncated, true);
  assert.deepEqual(parseLogLinePrefix('%t %12', 18).escapes, ['t']);
  assert.deepEqual(parseLogLinePrefix('%L %Q %b', 17).escapes, ['Q', 'b']);
  assert.deepEqual(parseLogLinePrefix('%L %Q %b', 17).ignored, ['L']);
  assert.deepEqual(parseLogLinePrefix('%L %Q %b', 18).escapes, ['L', 'Q', 'b']);
  assert.deepEqual(parseLogLinePrefix('%Q %P', 13).ignored, ['Q', 'P']);
  assert.deepEqual(parseLogLinePrefix('% u%.d', 18).escapes, []);
});

test('pgaudit.log: classes in order with subtraction, misc includes misc_set, case-insensitive, unknown words invalid', () => {
  const c = (raw: string) => { const r = parsePgauditLog(raw); return r.ok ? r.classes.join(',') : 'error'; };
  assert.equal(c('ALL, -misc'), 'read,write,function,role,ddl');
  assert.equal(c('misc'), 'misc,misc_set');
  assert.equal(c('-all, ddl'), 'ddl');
  assert.equal(c('ddl,-all'), '');
  assert.equal(c('READ,"WRITE"'), 'read,write');
  assert.equal(c('none'), '');
  assert.equal(c('foo'), 'error');
  assert.equal(c('read write'), 'error');
  assert.deepEqual(parsePgauditLevel('Debug'), { ok: true, level: 'debug2' });
  assert.equal(parsePgauditLevel('error').ok, false);
  assert.equal(parsePgauditLevel('constructor').ok, false);
});

test('server log levels: LOG ranks between ERROR and FATAL', () => {
  assert.equal(writtenToServerLog('log', 'error'), true);
  assert.equal(writtenToServerLog('log', 'log'), true);
  assert.equal(writtenToServerLog('log', 'fatal'), false);
  assert.equal(writtenToServerLog('notice', 'log'), false);
  assert.equal(writtenToServerLog('error', 'log'), false);
  assert.equal(writtenToServerLog('fatal', 'log'), true);
  assert.equal(writtenToServerLog('debug1', 'debug1'), true);
});

test('log_connections: a boolean before 18; on 18 a list of aspects, "all", or a boolean word alone', () => {
  const a = (raw: string, major: number) => { const r = parseSetting('log_connections', raw, { major }); return r.ok ? (r.aspects as string[]).join(',') : 'error'; };
  assert.equal(a('tr', 17), 'receipt,authentication,authorization');
  assert.equal(a('on', 18), 'receipt,authentication,authorization');
  assert.equal(a('tr', 18), 'error');
  assert.equal(a('receipt, ALL', 18), 'receipt,authentication,authorization,setup_durations');
  assert.equal(a('on,receipt', 18), 'error');
  assert.equal(a('', 18), '');
  assert.equal(a('authentication', 18), 'authentication');
});

test('log_destination: identifiers compared case-insensitively; jsonlog from 15; empty writes nothing', () => {
  const d = (raw: string, major = 18) => { const r = parseSetting('log_destination', raw, { major }); return r.ok ? (r.destinations as string[]).join(',') : 'error'; };
  assert.equal(d('CSVLOG, stderr'), 'stderr,csvlog');
  assert.equal(d('"Syslog"'), 'syslog');
  assert.equal(d(''), '');
  assert.equal(d('jsonlog', 14), 'error');
  assert.equal(d('eventlog'), 'error');
});

test('search_path: identifiers, "$user", implicit pg_catalog and pg_temp', () => {
  const r = parseSearchPath('"$user", Public, "My Schema", pg_temp');
  assert.ok(r.ok);
  assert.deepEqual(r.items.map((i) => `${i.name}:${i.special ?? ''}`), ['$user:$user', 'public:', 'My Schema:', 'pg_temp:pg_temp']);
  assert.equal(r.catalog_implicit, true);
  assert.equal(r.temp_implicit, false);
});

test('ssl_ciphers keyword reading: banned or later removed classes do not count; ALL carries MEDIUM and LOW; aNULL needs !aNULL', () => {
  assert.deepEqual(readCipherList('HIGH:MEDIUM:+3DES:!aNULL').weak, ['MEDIUM']);
  assert.deepEqual(readCipherList('MEDIUM:!MEDIUM:HIGH:!aNULL').weak, []);
  assert.deepEqual(readCipherList('MEDIUM:HIGH:-MEDIUM:!aNULL').weak, []);
  assert.deepEqual(readCipherList('ALL:!LOW:!aNULL').weak, ['ALL (MEDIUM)']);
  assert.deepEqual(readCipherList('HIGH').anull_classes, ['HIGH']);
  assert.deepEqual(readCipherList('DEFAULT').anull_classes, []);
});

test('the settings fact reads exactly the judged settings', () => {
  const sql = readFileSync('checks/_facts/settings/query.sql', 'utf8');
  const list = sql.slice(sql.indexOf('judged(name) AS (VALUES'), sql.indexOf('),\nreadable'));
  const names = [...list.matchAll(/\('([^']+)'\)/g)].map((m) => m[1]);
  assert.deepEqual(names, Object.keys(JUDGED_SETTINGS));
});

// ---- the deriver --------------------------------------------------------------------------

const setting = (name: string, value: string, extra: Partial<RawRow> = {}): RawRow => ({
  kind: 'setting', name, setting: value, source: 'configuration file', context: 'sighup', vartype: 'string', unit: null, boot_val: '', pending_restart: false, ...extra,
});
const file = (name: string, value: string, seqno: number, error: string | null = null): RawRow => ({ kind: 'file', name, setting: value, seqno, error });
const override = (name: string, value: string, role: string | null, database: string | null): RawRow => ({ kind: 'override', name, setting: value, role, database });
const access = (readable: boolean): RawRow => ({ kind: 'access', files_readable: readable });
const find = (rows: SettingRow[], name: string, scope: string) => rows.filter((r) => r.name === name && r.scope === scope);

const LOGGING = [
  setting('log_min_messages', 'warning', { vartype: 'enum', context: 'superuser' }),
  setting('log_destination', 'stderr', { context: 'sighup' }),
  setting('logging_collector', 'on', { vartype: 'bool', context: 'postmaster' }),
];

test('deriver: the server-wide value when the audit session runs with an override; unknown without the files', () => {
  const raw = [access(true), setting('log_statement', 'all', { source: 'user', vartype: 'enum', context: 'superuser', boot_val: 'none' }), file('log_statement', 'ddl', 1)];
  const rows = deriveSettings(raw, 18);
  assert.equal(find(rows, 'log_statement', 'server')[0].value, 'ddl');
  const blind = deriveSettings([access(false), raw[1]], 18);
  assert.deepEqual(find(blind, 'log_statement', 'server').map((r) => [r.value, r.known]), [[null, false]]);
});

test('deriver: pending values — a restart pending, a reload pending (changed or removed line), none when the meaning is the same', () => {
  const rows = deriveSettings([
    access(true),
    setting('shared_preload_libraries', 'pgaudit', { context: 'postmaster', pending_restart: true }),
    file('shared_preload_libraries', "'pg_stat_statements'", 1, 'setting could not be applied'),
    setting('log_connections', 'off', { vartype: 'string', context: 'superuser-backend' }),
    file('log_connections', 'all', 2),
    setting('log_statement', 'ddl', { vartype: 'enum', boot_val: 'none' }),
    setting('log_min_messages', 'warning', { vartype: 'enum' }),
    file('log_min_messages', 'WARNING', 3),
    setting('log_rotation_age', '1440', { vartype: 'integer', unit: 'min' }),
    file('log_rotation_age', '1d', 4),
  ], 18);
  const pending = (name: string) => find(rows, name, 'pending').map((r) => `${r.note}:${r.value}`);
  assert.deepEqual(pending('shared_preload_libraries'), ["restart:'pg_stat_statements'"]);
  assert.deepEqual(pending('log_connections'), ['reload:all']);
  assert.deepEqual(pending('log_statement'), ['reload:none']); // its line is gone: the default
  assert.deepEqual(pending('log_min_messages'), []);
  assert.deepEqual(pending('log_rotation_age'), []);
  // a restart pending that the role cannot read
  const blind = deriveSettings([access(false), setting('shared_preload_libraries', 'pgaudit', { context: 'postmaster', pending_restart: true })], 18);
  assert.deepEqual(find(blind, 'shared_preload_libraries', 'pending').map((r) => r.known), [false]);
});

test('deriver: a syntax error or an unknown name in the files blocks every reload-pending value', () => {
  const rows = deriveSettings([access(true), setting('log_connections', 'off', { vartype: 'bool' }), file('log_connections', 'on', 1),
    { kind: 'file_error', seqno: 2, error: 'syntax error' }], 17);
  assert.deepEqual(find(rows, 'log_connections', 'pending'), []);
});

test('deriver: overrides grouped by value, each parsed; targets named', () => {
  const rows = deriveSettings([access(true), setting('log_statement', 'ddl', { vartype: 'enum' }),
    override('log_statement', 'NONE', 'a', null), override('log_statement', 'NONE', 'b', null), override('log_statement', 'all', null, 'db'),
    override('log_statement', 'mod', 'a', 'db'), override('log_statement', 'none', null, null)], 18);
  const o = rows.filter((r) => r.name === 'log_statement' && !['server', 'pending'].includes(r.scope)).map((r) => `${r.scope}|${r.who}|${(r.parsed as { value: string }).value}`);
  assert.deepEqual(o.sort(), ['all|all roles|none', 'database|database db|all', 'role_database|role a in database db|mod', 'role|role a, role b|none']);
});

test('deriver: log_output and pgaudit — a level that is never written, per role and per role in database', () => {
  const rows = deriveSettings([
    access(true), ...LOGGING,
    setting('shared_preload_libraries', 'pgaudit', { context: 'postmaster' }),
    setting('pgaudit.log', 'ddl'), setting('pgaudit.log_level', 'log'), setting('pgaudit.log_client', 'off', { vartype: 'bool' }),
    override('log_min_messages', 'panic', 'quiet', null),
    override('pgaudit.log_client', 'on', 'chatty', null),
    override('pgaudit.log_level', 'debug1', null, 'app'),
  ], 18);
  const server = find(rows, 'pgaudit', 'server')[0].parsed as Record<string, unknown>;
  assert.equal(server.loaded, true);
  assert.equal(server.written, true);
  const targets = rows.filter((r) => r.name === 'pgaudit' && !['server', 'pending'].includes(r.scope))
    .map((r) => `${r.who}:${(r.parsed as { written: boolean }).written}`).sort();
  // chatty alone writes at LOG; app alone has log_client off; chatty in app writes at debug1: not written
  assert.deepEqual(targets, ['role chatty in database app:false', 'role chatty:true', 'role quiet in database app:false', 'role quiet:false']);
  const out = rows.filter((r) => r.name === 'log_output' && r.scope === 'role').map((r) => `${r.who}:${(r.parsed as { written: boolean }).written}`);
  assert.deepEqual(out, ['role quiet:false']);
});

test('deriver: pgaudit after a restart — dropped from shared_preload_libraries, or its settings only in the files', () => {
  const dropped = deriveSettings([access(true), ...LOGGING,
    setting('shared_preload_libraries', 'pgaudit', { context: 'postmaster', pending_restart: true }), file('shared_preload_libraries', '', 1),
    setting('pgaudit.log', 'ddl')], 18);
  assert.deepEqual(find(dropped, 'pgaudit', 'pending').map((r) => (r.parsed as { loaded: boolean }).loaded), [false]);
  const coming = deriveSettings([access(true), ...LOGGING,
    setting('shared_preload_libraries', '', { context: 'postmaster', pending_restart: true }), file('shared_preload_libraries', '$libdir/pgaudit.so', 1),
    file('pgaudit.log', 'all', 2)], 18);
  const after = find(coming, 'pgaudit', 'pending')[0].parsed as { loaded: boolean; classes: string[] };
  assert.equal(after.loaded, true);
  assert.deepEqual(after.classes, ['read', 'write', 'function', 'role', 'ddl', 'misc', 'misc_set']);
  assert.equal((find(coming, 'pgaudit', 'server')[0].parsed as { loaded: boolean }).loaded, false);
});

// ---- disagreements the differential suite found, kept as named cases --------------------------

test('differential finding: log_rotation_size = 2GB is outside the range the server accepts (14)', () => {
  const p = parseSetting('log_rotation_size', '\t2GB', { major: 14, vartype: 'integer', unit: 'kB', min_val: '0', max_val: '2097151' });
  assert.equal(p.ok, false);
  assert.equal(parseSetting('log_rotation_size', '2047MB', { major: 14, vartype: 'integer', unit: 'kB', min_val: '0', max_val: '2097151' }).ok, true);
});

test('differential finding: a backend-context setting read in a session older than the last reload', () => {
  // log_disconnections was 'off' when the audit session started; the file now says on and a
  // reload happened since: new sessions log disconnections, no reload is pending
  const raw: RawRow[] = [{ kind: 'access', files_readable: true, reloaded_since_start: true },
    setting('log_disconnections', 'off', { vartype: 'bool', context: 'superuser-backend' }), file('log_disconnections', 'Tr', 1)];
  const rows = deriveSettings(raw, 18);
  assert.deepEqual(find(rows, 'log_disconnections', 'server').map((r) => (r.parsed as { on: boolean }).on), [true]);
  assert.deepEqual(find(rows, 'log_disconnections', 'pending'), []);
  // without a reload since the session started, the session's value is the server's and the file's is pending
  const pending = deriveSettings([access(true), raw[1], raw[2]], 18);
  assert.deepEqual(find(pending, 'log_disconnections', 'pending').map((r) => r.note), ['reload']);
});
