// libpq's connection strings, service files and password file as sec-check reads them, and
// the resolution order (explicit, service, environment, defaults), without a server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConnectionString, parseConninfo, parseUri } from '../../src/session/conninfo.ts';
import { serviceSection } from '../../src/session/pg-service.ts';
import { passwordFromFile } from '../../src/session/pgpass.ts';
import { resolveConnection } from '../../src/session/connection-target.ts';

test('conninfo strings: spaces around =, quoted values with \\\' and \\\\, unquoted escapes, errors', () => {
  assert.deepEqual(parseConninfo(`host = db1  port=5433 dbname='my db' user='o\\'brien' options='-c search_path=a\\\\b'`),
    { host: 'db1', port: '5433', dbname: 'my db', user: "o'brien", options: '-c search_path=a\\b' });
  assert.deepEqual(parseConninfo(`dbname=a\\ b application_name=''`), { dbname: 'a b', application_name: '' });
  assert.throws(() => parseConninfo('host'), /missing "=" after "host"/);
  assert.throws(() => parseConninfo(`dbname='open`), /unterminated quoted string/);
  assert.throws(() => parseConninfo('hots=x'), /invalid connection option "hots"/);
  assert.throws(() => parseConninfo('target_session_attrs=read-write'), /target_session_attrs=read-write is not supported by sec-check \(only any\)/);
  assert.throws(() => parseConninfo('client_encoding=LATIN1'), /UTF8 only/);
  assert.deepEqual(parseConninfo('keepalives=1 client_encoding=UTF8'), { keepalives: '1', client_encoding: 'UTF8' });
});

test('URIs: user, password, hosts with ports, IPv6, percent-encoded socket directories and database names, parameters', () => {
  assert.deepEqual(parseUri('postgresql://alice:s%40cret@db1.example.com:5433/my%20db?sslmode=verify-full&application_name=x'),
    { user: 'alice', password: 's@cret', host: 'db1.example.com', port: '5433', dbname: 'my db', sslmode: 'verify-full', application_name: 'x' });
  assert.deepEqual(parseUri('postgres://[::1]:5432/db'), { host: '::1', port: '5432', dbname: 'db' });
  assert.deepEqual(parseUri('postgresql://%2Fvar%2Frun%2Fpostgresql/db'), { host: '/var/run/postgresql', dbname: 'db' });
  assert.deepEqual(parseUri('postgresql:///db?host=/tmp&port=5999'), { dbname: 'db', host: '/tmp', port: '5999' });
  assert.deepEqual(parseUri('postgresql://h/d?ssl=true'), { host: 'h', dbname: 'd', sslmode: 'require' });
  assert.deepEqual(parseUri('postgresql://a:1,b:2/d'), { host: 'a,b', port: '1,2', dbname: 'd' });
  assert.throws(() => parseUri('postgresql://h/d?nope=1'), /invalid URI query parameter: "nope"/);
  assert.throws(() => parseUri('postgresql://h/d%zz'), /invalid percent-encoded token: "d%zz"/);
  assert.throws(() => parseUri('postgresql://h/d%00'), /forbidden value %00/);
  assert.throws(() => parseUri('postgresql://u:p%zzw@h/d'), (e: Error) => /invalid percent-encoded token: \(the password\)/.test(e.message) && !e.message.includes('p%zzw'));
  assert.throws(() => parseUri('postgresql://[::1/d'), /missing "]"/);
  assert.ok(isConnectionString('postgresql://x') && isConnectionString('dbname=x') && !isConnectionString('mydb'));
});

test('service file sections: first section wins, first line of a key wins, syntax errors named by line', () => {
  const text = '# c\n[a]\nhost=h1\nport=1\nhost=h2\n[b]\nhost=hb\n[a]\nport=9\n';
  assert.deepEqual(serviceSection(text, 'a', 'f'), { host: 'h1', port: '1' });
  assert.equal(serviceSection(text, 'zz', 'f'), null);
  assert.throws(() => serviceSection('[a]\nhost\n', 'a', 'f'), /syntax error in service file "f", line 2/);
  assert.throws(() => serviceSection('[a]\nservice=b\n', 'a', 'f'), /nested service specifications not supported in service file "f", line 2/);
  assert.throws(() => serviceSection('[a]\nbogus=1\n', 'a', 'f'), /syntax error in service file "f", line 2 \(unknown keyword "bogus"\)/);
});

test('password file: first match wins, * wildcards, escaped : and \\, the default socket directory is localhost, 0644 ignored with a warning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgpass-'));
  const file = join(dir, 'pgpass');
  writeFileSync(file, [
    '# comment',
    'db1:5432:app:alice:first',
    'db1:5432:app:alice:second',
    '*:*:*:bob:pw\\:with\\\\colon',
    'localhost:5432:*:carol:local',
    '/run/pg:5432:*:carol:socketdir',
    'h\\:x:*:*:dave:escaped-host',
    'short:line',
  ].join('\n') + '\n');
  chmodSync(file, 0o600);
  const warn: string[] = [];
  const get = (host: string, user: string, database = 'app', port = 5432) => passwordFromFile(file, { host, port, database, user }, (l) => warn.push(l));
  assert.equal(get('db1', 'alice'), 'first');
  assert.equal(get('db2', 'alice'), null);
  assert.equal(get('anything', 'bob'), 'pw:with\\colon');
  assert.equal(get('/tmp', 'carol'), 'local', 'the default socket directory matches localhost');
  assert.equal(get('/run/pg', 'carol'), 'socketdir', 'another socket directory matches literally');
  assert.equal(get('h:x', 'dave'), 'escaped-host');
  assert.equal(passwordFromFile(join(dir, 'missing'), { host: 'db1', port: 5432, database: 'app', user: 'alice' }, (l) => warn.push(l)), null);
  assert.deepEqual(warn, []);
  chmodSync(file, 0o644);
  assert.equal(get('db1', 'alice'), null);
  assert.deepEqual(warn, [`WARNING: password file "${file}" has group or world access; permissions should be u=rw (0600) or less`]);
  mkdirSync(join(dir, 'a-dir'));
  const warned: string[] = [];
  assert.equal(passwordFromFile(join(dir, 'a-dir'), { host: 'db1', port: 5432, database: 'app', user: 'alice' }, (l) => warned.push(l)), null);
  assert.match(warned[0], /password file ".*a-dir" is not a plain file/);
});

test('resolution order: -h/-p/-U, then a -d string (which wins), then the service, then PG*, then defaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'svc-'));
  writeFileSync(join(dir, 'services'), '[s]\nhost=svc-host\nport=6000\nuser=svc-user\nsslmode=require\n');
  const env = { PGSERVICEFILE: join(dir, 'services'), PGSYSCONFDIR: dir, PGHOST: 'env-host', PGUSER: 'env-user', PGAPPNAME: 'env-app' };
  const t = resolveConnection({ host: 'flag-host', dbname: 'service=s port=7000' }, { env });
  assert.deepEqual([t.host, t.port, t.user, t.database, t.sslmode, t.applicationName], ['flag-host', 7000, 'svc-user', 'svc-user', 'require', 'env-app']);
  const u = resolveConnection({ user: 'flag-user', dbname: 'host=str-host user=str-user' }, { env });
  assert.deepEqual([u.host, u.user, u.port], ['str-host', 'str-user', 5432]);
  const d = resolveConnection({}, { env: {} });
  assert.deepEqual([d.host, d.port, d.sslmode, d.applicationName, d.socket], ['/tmp', 5432, 'prefer', 'sec-check', true]);
  assert.equal(d.database, d.user);
  assert.throws(() => resolveConnection({ port: 'x' }, { env: {} }), /^Error: --port: not a port number: "x"$|--port: not a port number: "x"/);
  assert.throws(() => resolveConnection({}, { env: { PGPORT: '70000' } }), /PGPORT: not a port number: "70000"/);
  assert.throws(() => resolveConnection({ dbname: 'postgresql://u:pw@h/d' }, { env: {} }), (e: Error) => /holds a password/.test(e.message) && !e.message.includes('pw@'));
  assert.throws(() => resolveConnection({}, { env: { PGSSLROOTCERT: 'system', PGSSLMODE: 'require' } }), /weak sslmode "require" may not be used with sslrootcert=system/);
  assert.equal(resolveConnection({}, { env: { PGSSLROOTCERT: 'system' } }).sslmode, 'verify-full');
  assert.equal(resolveConnection({ dbname: 'connect_timeout=1' }, { env: {} }).connectTimeoutMs, 2000, 'libpq raises 1 s to 2 s');
  assert.equal(JSON.stringify(resolveConnection({}, { env: { PGPASSWORD: 'hunter2' } })).includes('hunter2'), false, 'the password stays out of JSON');
});
